"""Messages de la boutique en français : connexion avec un compte Google, Microsoft, Apple, LinkedIn, Facebook
ou Amazon."""

MESSAGES: dict[str, str] = {
    "social.or": "ou",
    "social.continue_with": "Continuer avec {provider}",
    "social.redirecting": "Redirection vers {provider}…",
    # La page de retour
    "page.social_callback": "Connexion en cours",
    "social.callback.working": "Nous finalisons votre connexion…",
    "social.code.intro": "Pour utiliser ce compte {provider} ici, confirmez votre adresse e-mail : saisissez le "
                         "code envoyé à {email}.",
    "social.code.submit": "Confirmer et me connecter",
    "social.code.resend_note": "Le code est valable 10 minutes. Rien reçu ? Vérifiez vos courriers indésirables, "
                               "ou recommencez depuis la page de connexion.",
    "social.back_to_login": "Retour à la connexion",
    # Refus, affichés sur /login (ou sur /account/security pour une liaison)
    "social.error.state": "Ce lien de connexion n’est plus valable (il a déjà servi, ou la connexion a commencé "
                          "dans un autre navigateur). Veuillez recommencer.",
    "social.error.expired": "Cette connexion a pris trop de temps et a expiré. Veuillez recommencer.",
    "social.error.unknown_provider": "Ce moyen de connexion n’est pas disponible.",
    "social.error.too_many": "Trop de connexions via un fournisseur depuis votre réseau au cours de la dernière heure. Réessayez plus tard, ou connectez-vous avec votre mot de passe ou un code reçu par e-mail.",
    "social.error.provider": "Nous n’avons pas pu terminer la connexion avec ce service. Réessayez, ou "
                             "connectez-vous autrement.",
    "social.error.cancelled": "La connexion a été annulée chez le service. Rien n’a été modifié.",
    "social.error.no_email": "Ce service ne nous a pas communiqué d’adresse e-mail : impossible de vous connecter "
                             "ainsi. Autorisez l’accès à votre adresse e-mail, ou connectez-vous autrement.",
    "social.error.blocked": "Ce compte ne peut pas se connecter. Veuillez contacter la boutique.",
    "social.error.registration_closed": "Cette boutique n’ouvre pas de nouveaux comptes en ligne. Si vous avez "
                                        "déjà un compte, connectez-vous avec votre mot de passe ou un code reçu "
                                        "par e-mail.",
    "social.error.linked_elsewhere": "Ce compte est déjà lié à un autre compte client.",
    "social.error.link_session": "Votre session a pris fin avant la liaison. Connectez-vous et réessayez.",
    "social.error.not_found": "Ce compte lié est introuvable.",
    "social.error.last_method": "C’est votre dernier moyen de connexion. Choisissez un mot de passe ou liez un "
                                "autre compte avant de le retirer.",
    # /account/security
    "social.title": "Comptes liés",
    "social.intro": "Connectez-vous avec un compte que vous avez déjà ailleurs.",
    "social.none": "Aucun compte lié pour l’instant.",
    "social.link": "Lier {provider}",
    "social.unlink": "Délier",
    "social.unlink_label": "Délier {provider}",
    "social.linked_on": "Lié le {date}",
    "social.last_used": "dernière utilisation le {date}",
    "social.never_used": "jamais utilisé pour se connecter",
    "social.linked": "Votre compte {provider} est lié.",
    "social.unlinked": "Le compte est délié.",
    "social.no_password": "Votre compte n’a pas de mot de passe : vous vous connectez avec un compte lié ou un "
                          "code reçu par e-mail. Vous pouvez choisir un mot de passe ci-dessous.",
    # L’e-mail avec le code
    "email.social_link.subject": "Votre code de confirmation pour {shop}",
    "email.social_link.body": "Saisissez ce code pour confirmer votre adresse e-mail et vous connecter avec votre "
                              "compte externe. Il est valable 10 minutes.",
    "email.social_link.outro": "Si vous n’avez pas essayé de vous connecter, ignorez cet e-mail : sans le code, "
                               "rien ne change sur votre compte.",
    "email.social_linked.subject": "Un compte {provider} peut désormais se connecter à {shop}",
    "email.social_linked.body": "Un compte {provider} a été lié à votre compte {shop} : il peut désormais servir "
                                "à vous connecter.",
    "email.social_linked.outro": "Si ce n’était pas vous, déliez-le depuis Connexion et sécurité et changez votre "
                                 "mot de passe.",
    "email.social_linked.action": "Vérifier Connexion et sécurité",
}
