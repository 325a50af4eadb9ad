// Placeholder until the VolumeGraph module lands.
