// Placeholder until the KubeModel module lands.
