// Placeholder until the CurlTransport module lands.
