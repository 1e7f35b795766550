"""Shop messages in English: social sign-in (Google, Microsoft, Apple, LinkedIn, Facebook, Amazon)."""

MESSAGES: dict[str, str] = {
    "social.or": "or",
    "social.continue_with": "Continue with {provider}",
    "social.redirecting": "Taking you to {provider}…",
    # The callback page
    "page.social_callback": "Signing you in",
    "social.callback.working": "Finishing your sign-in…",
    "social.code.intro": "To use this {provider} account here, confirm your email address: enter the code we "
                         "sent to {email}.",
    "social.code.submit": "Confirm and sign in",
    "social.code.resend_note": "The code is valid for 10 minutes. Nothing arrived? Check your spam folder, "
                               "or start again from the sign-in page.",
    "social.back_to_login": "Back to sign-in",
    # Refusals, shown on /login (or on /account/security when linking)
    "social.error.state": "This sign-in link is no longer valid (it was already used, or started in another "
                          "browser). Please start again.",
    "social.error.expired": "This sign-in took too long and has expired. Please start again.",
    "social.error.unknown_provider": "This sign-in method is not available.",
    "social.error.too_many": "Too many sign-ins with a provider from your network in the last hour. Please try again later, or sign in with your password or an emailed code.",
    "social.error.provider": "We could not complete the sign-in with this provider. Please try again, or use "
                             "another way to sign in.",
    "social.error.cancelled": "The sign-in was cancelled at the provider. Nothing was changed.",
    "social.error.no_email": "This provider did not share an email address with us, so we cannot sign you in "
                             "with it. Allow access to your email address, or use another way to sign in.",
    "social.error.blocked": "This account cannot sign in. Please contact the shop.",
    "social.error.registration_closed": "This shop does not open new accounts online. If you already have an "
                                        "account, sign in with your password or an emailed code.",
    "social.error.linked_elsewhere": "This provider account is already linked to another customer account.",
    "social.error.link_session": "Your session ended before the link was made. Sign in and try again.",
    "social.error.not_found": "This linked account was not found.",
    "social.error.last_method": "This is your last way to sign in. Set a password or link another account "
                                "before removing it.",
    # /account/security
    "social.title": "Linked accounts",
    "social.intro": "Sign in with an account you already have elsewhere.",
    "social.none": "No account linked yet.",
    "social.link": "Link {provider}",
    "social.unlink": "Unlink",
    "social.unlink_label": "Unlink {provider}",
    "social.linked_on": "Linked on {date}",
    "social.last_used": "last used {date}",
    "social.never_used": "never used to sign in",
    "social.linked": "Your {provider} account is linked.",
    "social.unlinked": "The account is unlinked.",
    "social.no_password": "Your account has no password: you sign in with a linked account or an emailed code. "
                          "You can set a password below.",
    # The email with the code
    "email.social_link.subject": "Your confirmation code for {shop}",
    "email.social_link.body": "Enter this code to confirm your email address and sign in with your social "
                              "account. It is valid for 10 minutes.",
    "email.social_link.outro": "If you did not try to sign in, ignore this email: without the code, nothing "
                               "happens to your account.",
    "email.social_linked.subject": "A {provider} account can now sign in to {shop}",
    "email.social_linked.body": "A {provider} account was linked to your {shop} account: it can now be used to "
                                "sign in.",
    "email.social_linked.outro": "If this was not you, unlink it from Sign-in and security and change your "
                                 "password.",
    "email.social_linked.action": "Review sign-in and security",
}
