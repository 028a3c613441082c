"""Loopback web sites shipped with Pantau: the bundled demo outlets and the generated load-test site."""
