"""Developer tools: screenshots, and the one way anything here starts Debian's Chromium."""
