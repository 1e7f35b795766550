"""/admin/products: the product list (search, category filter), /admin/products/[id]: one product's details and
images (/admin/products/new creates one)."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.groups import textarea_field
from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.products import UPLOAD_ID, ProductsState, ProductState
from shop import routes
from storefront.components.forms import (
    checkbox_field,
    field_error,
    form_error,
    prefilled_fields,
    submit_button,
    text_field,
)
from storefront.components.tables import scrolling_table
from storefront.state.app import t

IMAGE_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def thumbnail(src: rx.Var, alt: rx.Var, size: str = "48px") -> rx.Component:
    return rx.cond(
        src != "",
        rx.image(src=src, alt=alt, width=size, height=size, object_fit="cover", border_radius="6px",
                 loading="lazy"),
        rx.box(width=size, height=size, background="var(--gray-a3)", border_radius="6px"),
    )


def product_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(thumbnail(row["image"].to(str), row["image_alt"].to(str))),
        rx.table.row_header_cell(rx.link(row["name"], href=row["href"].to(str)), min_width="12rem"),
        rx.table.cell(row["sku"], white_space="nowrap"),
        rx.table.cell(row["category"]),
        rx.table.cell(row["price"], text_align="right", white_space="nowrap"),
        rx.table.cell(row["stock"], text_align="right"),
        rx.table.cell(row["active"]),
        align="center",
    )


def product_filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.el.label(t("admin.products.search"), html_for="products-search", font_weight="500",
                            font_size="14px"),
                rx.input(id="products-search", name="search", type="search", max_length=100, size="3",
                         default_value=ProductsState.search, width="100%"),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(t("admin.products.category"), html_for="products-category", font_weight="500",
                            font_size="14px"),
                rx.el.select(
                    rx.el.option(t("admin.products.all_categories"), value="all"),
                    rx.foreach(ProductsState.categories, lambda code: rx.el.option(code, value=code)),
                    id="products-category", name="category", class_name="native-select",
                    default_value=ProductsState.category,
                ),
                spacing="1",
                width=rx.breakpoints(initial="100%", sm="14rem"),
            ),
            submit_button(t("admin.products.filter")),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="stretch", sm="end"),
            spacing="3",
            width="100%",
        ),
        on_submit=ProductsState.filter_products,
        width="100%",
    )


@admin_page(routes.ADMIN_PRODUCTS, "admin.page.products", state=ProductsState)
def admin_products() -> rx.Component:
    return rx.vstack(
        rx.flex(
            page_heading("admin.page.products"),
            rx.cond(AdminState.can_edit,
                    rx.link(rx.button(rx.icon("plus", size=16), t("admin.products.new"), type="button"),
                            href=routes.with_id(routes.ADMIN_PRODUCT, "new"))),
            justify="between",
            align="start",
            wrap="wrap",
            width="100%",
        ),
        product_filters(),
        rx.cond(
            ProductsState.rows.length() == 0,
            rx.callout(t("admin.products.empty"), icon="info"),
            scrolling_table(
                [("admin.product.image", False), ("admin.product.name", False), ("admin.product.sku", False),
                 ("admin.product.category", False), ("admin.product.price", True), ("admin.product.stock", True),
                 ("admin.product.active", False)],
                ProductsState.rows, product_row, hide_on_phone=(3, 4),
            ),
        ),
        spacing="4",
        width="100%",
    )


# --- one product ----------------------------------------------------------------------------------------------------


def category_field(errors: rx.Var, values: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(t("admin.product.category"), html_for="field-category", font_weight="500", font_size="14px"),
        rx.input(id="field-category", name="category", max_length=40, size="3", width="100%",
                 default_value=values["category"].to(str), list="product-categories",
                 aria_describedby="category-error"),
        rx.el.datalist(rx.foreach(ProductState.categories, lambda code: rx.el.option(value=code)),
                       id="product-categories"),
        rx.cond(~errors.contains("category"), rx.text(t("admin.product.category_hint"), size="1",
                                                      color_scheme="gray")),
        field_error(errors, "category"),
        spacing="1",
        width="100%",
    )


def product_form() -> rx.Component:
    errors, values = ProductState.errors, ProductState.values
    value = lambda name: values[name].to(str)  # noqa: E731
    return rx.form(
        prefilled_fields(rx.vstack(
            form_error(errors),
            rx.grid(
                text_field("admin.product.name_en", "name", errors, max_length=200, default_value=value("name")),
                text_field("admin.product.name_fr", "name_fr", errors, max_length=200, required=False,
                           default_value=value("name_fr")),
                textarea_field("admin.product.description_en", "description", errors, value("description"),
                               max_length=5000),
                textarea_field("admin.product.description_fr", "description_fr", errors, value("description_fr"),
                               max_length=5000),
                text_field("admin.product.price_input", "price", errors, max_length=20, input_mode="decimal",
                           hint_key="admin.product.price_hint", default_value=value("price")),
                text_field("admin.product.stock", "stock", errors, max_length=9, input_mode="numeric",
                           default_value=value("stock")),
                text_field("admin.product.sku", "sku", errors, max_length=40, default_value=value("sku")),
                text_field("admin.product.slug", "slug", errors, max_length=120, hint_key="admin.product.slug_hint",
                           default_value=value("slug")),
                category_field(errors, values),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            checkbox_field("admin.product.active_label", "is_active", default_checked=values["is_active"].to(bool)),
            rx.cond(AdminState.can_edit, submit_button(rx.cond(ProductState.is_new, t("admin.product.create"),
                                                               t("admin.product.save")))),
            spacing="4",
            width="100%",
        )),
        on_submit=ProductState.save_product,
        key=ProductState.form_key.to(str),
        width="100%",
    )


def image_card(image: rx.Var) -> rx.Component:
    image_id = image["id"].to(int)
    alt_id = "alt-" + image["id"].to(str)
    return rx.card(
        rx.flex(
            rx.image(src=image["src"].to(str), alt=image["alt"].to(str), width="96px", height="96px",
                     object_fit="cover", border_radius="6px", flex_shrink="0"),
            rx.vstack(
                rx.form(
                    rx.flex(
                        rx.vstack(
                            rx.el.label(t("admin.product.alt"), html_for=alt_id, font_weight="500", font_size="14px"),
                            rx.input(id=alt_id, name="alt", default_value=image["alt"].to(str), max_length=200,
                                     width="100%"),
                            spacing="1",
                            width="100%",
                        ),
                        rx.el.input(type="hidden", name="image_id", value=image["id"].to(str)),
                        rx.cond(AdminState.can_edit, submit_button(t("admin.product.save_alt"), size="2",
                                                                   variant="soft")),
                        direction=rx.breakpoints(initial="column", sm="row"),
                        align=rx.breakpoints(initial="stretch", sm="end"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=ProductState.save_alt,
                    width="100%",
                ),
                rx.cond(
                    AdminState.can_edit,
                    rx.hstack(
                        rx.button(rx.icon("arrow-up", size=14), t("admin.product.move_up"), size="1", variant="soft",
                                  type="button", disabled=image["first"].to(bool),
                                  on_click=ProductState.move_image(image_id, "up")),
                        rx.button(rx.icon("arrow-down", size=14), t("admin.product.move_down"), size="1",
                                  variant="soft", type="button", disabled=image["last"].to(bool),
                                  on_click=ProductState.move_image(image_id, "down")),
                        rx.button(rx.icon("trash-2", size=14), t("admin.product.remove_image"), size="1",
                                  variant="soft", color_scheme="red", type="button",
                                  on_click=ProductState.remove_image(image_id)),
                        wrap="wrap",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def upload_box() -> rx.Component:
    return rx.vstack(
        rx.upload.root(
            rx.vstack(
                rx.icon("image-plus", size=24),
                rx.button(t("admin.product.choose_images"), type="button", variant="soft"),
                rx.text(t("admin.product.images_hint"), size="1", color_scheme="gray", text_align="center"),
                align="center",
                spacing="2",
            ),
            id=UPLOAD_ID,
            accept=IMAGE_TYPES,
            multiple=True,
            max_files=5,
            border="1px dashed var(--gray-a7)",
            border_radius="8px",
            padding="1rem",
            width="100%",
        ),
        rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.text(name, size="2")),
        rx.button(t("admin.product.upload"), type="button",
                  disabled=~rx.State.is_hydrated | (rx.selected_files(UPLOAD_ID).length() == 0),
                  on_click=ProductState.upload_images(rx.upload_files(upload_id=UPLOAD_ID))),
        spacing="2",
        width="100%",
    )


def product_images() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("admin.product.images"), as_="h2", size="5"),
            rx.cond(ProductState.image_error != "",
                    rx.callout(ProductState.image_error, icon="triangle_alert", color_scheme="red", role="alert",
                               width="100%")),
            rx.cond(
                ProductState.is_new,
                rx.text(t("admin.product.images_after_save"), size="2", color_scheme="gray"),
                rx.vstack(
                    rx.cond(ProductState.images.length() == 0,
                            rx.text(t("admin.product.no_images"), size="2", color_scheme="gray")),
                    rx.foreach(ProductState.images, image_card),
                    rx.cond(AdminState.can_edit, upload_box()),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@admin_page(routes.ADMIN_PRODUCT, "admin.page.product", state=ProductState)
def admin_product() -> rx.Component:
    return rx.vstack(
        rx.link(t("admin.products.back"), href=routes.ADMIN_PRODUCTS, size="2"),
        rx.heading(rx.cond(ProductState.is_new, t("admin.product.new_title"), t("admin.page.product")), as_="h1",
                   size="7", margin_bottom="0.5rem"),
        rx.cond(
            ProductState.found,
            rx.vstack(
                rx.cond(ProductState.storefront_href != "",
                        rx.link(t("admin.product.view_in_shop"), href=ProductState.storefront_href, size="2",
                                is_external=True)),
                rx.card(product_form(), width="100%"),
                product_images(),
                spacing="4",
                width="100%",
            ),
            rx.callout(t("admin.product.not_found"), icon="info", color_scheme="amber"),
        ),
        spacing="3",
        width="100%",
        max_width="900px",
    )


# Uploaded images are served by the backend's /_upload route; asking for the prefix here marks uploads as used,
# so the route exists from the first start of the server.
UPLOADS_URL = rx.get_upload_url("")
