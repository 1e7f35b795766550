"""`python -m storefront.cli …`: the command line's first address, kept so operators' scripts and the docs
written before the domain core moved to `shop/` still work. It is `python -m shop.cli`."""

import sys

from shop.cli import main

if __name__ == "__main__":
    sys.exit(main())
