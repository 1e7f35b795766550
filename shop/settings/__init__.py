"""The store settings a merchant edits (registration mode, verification, wishlist...) and the rules that read them."""
