// Placeholder until the Watcher module lands.
