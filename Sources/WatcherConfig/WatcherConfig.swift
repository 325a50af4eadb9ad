import CINIH
// Placeholder until the WatcherConfig module lands.
func _kcwProbe() { _ = ini_parse_string("", nil, nil) }
