"""What the shop sells: products, prices per customer and group, the cart and the wishlist."""
