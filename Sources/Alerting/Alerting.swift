// Placeholder until the Alerting module lands.
