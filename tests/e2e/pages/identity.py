"""Sign-up, verification, sign-in by password, code or link, the forgotten password, invitations."""

from __future__ import annotations

from playwright.sync_api import expect

from shop import routes
from tests.e2e.pages.base import PageObject


class SignUpPage(PageObject):
    route = routes.SIGNUP
    title = "Create your account"

    def fill(self, email: str, password: str, *, first_name: str = "Ana", last_name: str = "Lopez") -> None:
        self.field("First name").fill(first_name)
        self.field("Last name").fill(last_name)
        self.field("Email").fill(email)
        self.field("Password").fill(password)

    def create_account(self, email: str, password: str, *, first_name: str = "Ana", last_name: str = "Lopez"):
        """Fill the form and send it; the browser is then on /verify-email (or shows what is wrong)."""
        self.fill(email, password, first_name=first_name, last_name=last_name)
        self.button("Create account").click()
        return VerifyEmailPage(self.page)


class VerifyEmailPage(PageObject):
    route = routes.VERIFY_EMAIL
    title = "Verify your email"

    def enter_code(self, code: str) -> None:
        self.field("6-digit code").fill(code)
        self.button("Verify my email").click()

    def send_new_code(self) -> None:
        self.button("Send a new code").click()


class LoginPage(PageObject):
    route = routes.LOGIN
    title = "Sign in"

    def sign_in(self, email: str, password: str, *, remember: bool = False) -> None:
        self.field("Email").fill(email)
        self.field("Password").fill(password)
        if remember:
            self.page.get_by_label("Keep me signed in for 30 days").check()
        self.main.get_by_role("button", name="Sign in", exact=True).click()  # not "Sign in with a passkey"

    def expect_refused(self) -> None:
        expect(self.alert).to_have_text("The email or password is incorrect.")

    def forgot_password(self) -> ForgotPasswordPage:
        self.link("Forgot your password?").click()
        return ForgotPasswordPage(self.page).expect_open()

    def with_a_code(self) -> CodeLoginPage:
        self.link("Sign in with an emailed code").click()
        return CodeLoginPage(self.page).expect_open()


class CodeLoginPage(PageObject):
    route = routes.LOGIN_CODE
    title = "Sign in with a code"

    def request_code(self, email: str) -> None:
        """Ask for a code; returns once the page says it is on its way (the same for every address)."""
        self.field("Email").fill(email)
        self.button("Email me a code").click()
        expect(self.text(f"If {email} has an account")).to_be_visible()

    def enter_code(self, code: str) -> None:
        self.field("6-digit code").fill(code)
        self.button("Sign in").click()


class LinkLoginPage(PageObject):
    route = routes.LOGIN_LINK
    title = "Finish signing in"

    def confirm(self) -> None:
        self.button("Sign me in").click()


class ForgotPasswordPage(PageObject):
    route = routes.FORGOT_PASSWORD
    title = "Forgotten password"

    def request_link(self, email: str) -> None:
        self.field("Email").fill(email)
        self.button("Send the link").click()
        expect(self.text(f"If {email} has an account")).to_be_visible()


class NewPasswordPage(PageObject):
    """A page opened from an emailed link that sets a password: a reset or an invitation."""

    submit = ""

    def choose_password(self, password: str) -> None:
        self.page.get_by_label("New password").or_(self.field("Password")).first.fill(password)
        self.field("Confirm the password").fill(password)
        self.button(self.submit).click()

    def expect_link_refused(self) -> None:
        expect(self.text("This link has expired or has already been used.")).to_be_visible()


class ResetPasswordPage(NewPasswordPage):
    title = "Choose a new password"
    route = routes.RESET_PASSWORD
    submit = "Save the new password"


class InvitePage(NewPasswordPage):
    title = "Accept your invitation"
    route = routes.INVITE
    submit = "Activate my account"
