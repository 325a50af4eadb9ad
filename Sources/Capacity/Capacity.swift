// Placeholder until the Capacity module lands.
