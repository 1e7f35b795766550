"""The legal pages a French shop must publish. The merchant writes their own text in the settings; until
then the shop shows its standard text in the visitor's language, filled with the shop's name and contact."""

from __future__ import annotations

from sqlmodel import Session

from shop.i18n import normalize_language
from shop.settings.store import get_store_settings

# page code -> the settings column holding the merchant's text
PAGES = {
    "terms": "terms_text",
    "notice": "legal_notice_text",
    "privacy": "privacy_text",
    "shipping-returns": "shipping_returns_text",
}

STANDARD = {
    "terms": {
        "en": """These terms apply to every order placed on the {shop} online shop by a consumer or a business.

Prices are in euros and include French VAT unless the checkout says otherwise (tax-exempt customers, or EU businesses under the reverse charge). Delivery costs are shown before you order.

Your order is binding once you press "Order with obligation to pay". We confirm it by email with a summary of what you bought.

Payment is by bank transfer, within {days} days of the order; an order left unpaid after that is cancelled. Customers we have approved for it may pay on invoice.

We ship within 2 working days of receiving your payment. Delivery costs €5.90 in France, and is free from €60.

As a consumer you may withdraw from the contract within 14 days of delivery without giving a reason (French Consumer Code, article L221-18); we extend this to 30 days. You also have the legal guarantee of conformity for 2 years (articles L217-3 and following) and the guarantee against hidden defects (Civil Code, articles 1641 and following).

Questions or disputes: write to {contact}. If we cannot agree, you may use a consumer mediator or the EU's online dispute resolution platform. French law applies.""",
        "fr": """Les présentes conditions s’appliquent à toute commande passée sur la boutique en ligne {shop} par un consommateur ou un professionnel.

Les prix sont en euros, TVA française comprise, sauf mention contraire lors de la commande (clients exonérés, ou professionnels de l’UE en autoliquidation). Les frais de livraison sont indiqués avant la commande.

La commande vous engage dès que vous cliquez sur « Commande avec obligation de paiement ». Nous la confirmons par e-mail avec le récapitulatif de vos achats.

Le paiement se fait par virement bancaire, sous {days} jours après la commande ; passé ce délai, une commande impayée est annulée. Les clients que nous y avons autorisés peuvent payer sur facture.

Nous expédions sous 2 jours ouvrés après réception du paiement. La livraison coûte 5,90 € en France et est offerte dès 60 €.

En tant que consommateur, vous pouvez vous rétracter dans les 14 jours suivant la livraison sans avoir à vous justifier (Code de la consommation, article L221-18) ; nous portons ce délai à 30 jours. Vous bénéficiez aussi de la garantie légale de conformité pendant 2 ans (articles L217-3 et suivants) et de la garantie des vices cachés (Code civil, articles 1641 et suivants).

Questions ou litiges : écrivez à {contact}. À défaut d’accord, vous pouvez recourir à un médiateur de la consommation ou à la plateforme européenne de règlement en ligne des litiges. Le droit français s’applique.""",
    },
    "notice": {
        "en": """This site is published by {shop}. Contact: {contact}.

The director of publication is the shop's manager. The company's legal form, registered office, registration number, VAT number and the site's host are given on request at the same address.

Every text, photograph and logo on this site belongs to {shop} or its makers and may not be reused without permission.""",
        "fr": """Ce site est édité par {shop}. Contact : {contact}.

Le directeur de la publication est le gérant de la boutique. La forme juridique de la société, son siège social, son numéro d’immatriculation, son numéro de TVA et l’hébergeur du site sont communiqués sur demande à la même adresse.

Les textes, photographies et logos de ce site appartiennent à {shop} ou à ses artisans et ne peuvent être réutilisés sans autorisation.""",
    },
    "privacy": {
        "en": """{shop} keeps only what it needs to sell to you: your name, email address, postal addresses, phone number if you give it, VAT number for businesses, your orders, and your wishlist and cart.

We use them to deliver your orders, to answer you, and, only if you agree, to send our newsletter. The legal bases are the contract, our legal obligations (accounting: 10 years for invoices) and your consent.

The site sets only the cookies it needs: your session, your language and, for visitors, the key of your cart. No advertising or tracking cookie.

You may see, correct, download or delete your data at any time in your account (Profile, and Delete my account), or by writing to {contact}. You may also complain to the CNIL (cnil.fr).""",
        "fr": """{shop} ne conserve que ce qui lui est nécessaire pour vous vendre : vos nom, adresse e-mail, adresses postales, téléphone si vous le donnez, numéro de TVA pour les professionnels, vos commandes, votre liste d’envies et votre panier.

Nous les utilisons pour livrer vos commandes, vous répondre et, seulement si vous l’acceptez, vous envoyer notre lettre d’information. Les bases légales sont le contrat, nos obligations légales (comptabilité : 10 ans pour les factures) et votre consentement.

Le site ne dépose que les cookies nécessaires : votre session, votre langue et, pour les visiteurs, la clé de votre panier. Aucun cookie publicitaire ni de suivi.

Vous pouvez consulter, corriger, télécharger ou supprimer vos données à tout moment depuis votre compte (Profil, et Supprimer mon compte), ou en écrivant à {contact}. Vous pouvez aussi saisir la CNIL (cnil.fr).""",
    },
    "shipping-returns": {
        "en": """We ship within 2 working days of receiving your payment, from Lyon, with tracking. Delivery in France costs €5.90 and is free from €60; rates for other countries are shown at checkout.

You have 30 days from delivery to return an item, for any reason. Write to {contact} with your order number; we reply with the return address. Items must come back unused and well packed; the return postage is yours unless the item is faulty or not what you ordered.

We refund within 14 days of receiving the return, by bank transfer, including the original delivery cost when you return the whole order.""",
        "fr": """Nous expédions sous 2 jours ouvrés après réception de votre paiement, depuis Lyon, avec suivi. La livraison en France coûte 5,90 € et est offerte dès 60 € ; les tarifs des autres pays sont indiqués lors de la commande.

Vous disposez de 30 jours à compter de la livraison pour retourner un article, quelle qu’en soit la raison. Écrivez à {contact} avec votre numéro de commande ; nous vous répondons avec l’adresse de retour. Les articles doivent revenir non utilisés et bien emballés ; les frais de retour sont à votre charge sauf si l’article est défectueux ou ne correspond pas à votre commande.

Nous remboursons sous 14 jours après réception du retour, par virement, frais de livraison initiaux compris si vous retournez toute la commande.""",
    },
}


def legal_text(db: Session, page: str, lang: str) -> list[str] | None:
    """The page's paragraphs in `lang` (the merchant's own text when written), or None for an unknown page."""
    if page not in PAGES:
        return None
    settings = get_store_settings(db)
    own = getattr(settings, PAGES[page]).strip()
    text = own or STANDARD[page][normalize_language(lang)].format(
        shop=settings.shop_name, contact=settings.contact_email, days=settings.unpaid_order_days)
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]
