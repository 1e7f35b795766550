"""Every registered page builds: a page that fails to render is found here, not at `make run`."""

import pytest

import storefront.storefront  # noqa: F401  (imports every page module)
from storefront.components.templates import REGISTERED_PAGES


@pytest.mark.parametrize("spec", REGISTERED_PAGES, ids=lambda spec: spec.route)
def test_the_page_builds(spec):
    assert spec.component() is not None
