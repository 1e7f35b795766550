"""Back-office users and their sign-in, and the dashboard figures."""
