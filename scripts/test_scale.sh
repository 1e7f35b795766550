#!/usr/bin/env bash
# The production set-up under test: PostgreSQL + Redis + 2 Granian workers (`make test-scale`, part of `make test`).
#
# Starts the services with scripts/services.sh (installing them from Debian's packages if missing), runs
#   1. the service tests that must pass on both databases, on PostgreSQL (a fresh database per test);
#   2. a smoke set of browser tests against the production build on PostgreSQL + Redis with 2 workers;
# and stops the services afterwards (a trap), unless they were already running before.
# Extra arguments go to pytest. PG_PORT / REDIS_PORT / TEST_WORKERS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"

# The service tests that must hold on PostgreSQL too: identity, throttle, codes, outbox sender, orders, checkout,
# stock, the register's search, and the races between workers.
SERVICE_TESTS=(
    tests/test_scale.py
    tests/test_signin.py
    tests/test_signup.py
    tests/test_sessions.py
    tests/test_throttle.py
    tests/test_codes_and_tokens.py
    tests/test_password_reset.py
    tests/test_mail.py
    tests/test_checkout.py
    tests/test_shipping_rates.py
    tests/test_customer_orders.py
    tests/test_admin_orders.py
    tests/test_admin_register.py
)
# Sign-in, checkout, and a status set in the back-office reaching the customer's open page.
SMOKE_TESTS=(
    "tests/e2e/test_identity.py::test_sign_up_verify_sign_out_sign_in"
    "tests/e2e/test_identity.py::test_sign_in_by_code"
    "tests/e2e/test_checkout.py::test_a_guest_checks_out_and_gets_the_confirmation_email"
    "tests/e2e/test_checkout.py::test_the_cart_follows_the_customer_to_a_second_browser"
    "tests/e2e/test_account_orders.py::test_order_page_updates_live_when_the_merchant_ships"
    "tests/e2e/test_admin_orders.py::test_owner_marks_shipped_and_the_customers_open_page_follows"
)

started=0
if ! scripts/services.sh status >/dev/null 2>&1; then
    started=1
fi
cleanup() {
    if [ "$started" = 1 ]; then
        scripts/services.sh stop || true
    fi
}
trap cleanup EXIT INT TERM
scripts/services.sh start

eval "$(scripts/services.sh env)"
export TEST_DB_URL="$REFLEX_DB_URL"
export TEST_REDIS_URL="$REFLEX_REDIS_URL"
export TEST_WORKERS="${TEST_WORKERS:-2}"
unset REFLEX_DB_URL REFLEX_REDIS_URL

begin=$(date +%s)
echo "== service tests on PostgreSQL"
"$PY" -m pytest "${SERVICE_TESTS[@]}" -q -p no:cacheprovider "$@"
middle=$(date +%s)
echo "== browser smoke tests on PostgreSQL + Redis, $TEST_WORKERS workers"
"$PY" -m pytest "${SMOKE_TESTS[@]}" -q -p no:cacheprovider "$@"
end=$(date +%s)
echo "== test-scale: service tests $((middle - begin)) s, browser smoke tests $((end - middle)) s"
