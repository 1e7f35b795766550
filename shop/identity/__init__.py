"""Who is who: passwords, codes, link tokens, sessions, sign-up, sign-in, resets, invitations, rate limits,
password and email changes."""
