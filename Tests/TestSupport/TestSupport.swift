// Placeholder: launchers for the test servers under Tests/Servers.
