// Placeholder until the Notifiers module lands.
