import CCurl
import CYAML
// Placeholder until the KubeClient module lands.
func _kcwProbe() { _ = curl_version(); _ = yaml_get_version_string() }
