"""Form-encoded bodies (application/x-www-form-urlencoded): what a page's form posts, read with
a bound on the number of fields, so that a body of thousands of empty fields costs nothing to
refuse. The sign-in page's forms, the sign-out form and a command's CSRF token field read them
here."""

from urllib.parse import parse_qs

from starlette.datastructures import Headers

from api.errors import ApiError

FORM = "application/x-www-form-urlencoded"


def media_type(headers: Headers) -> str:
    """The body's media type, without its parameters (`; charset=utf-8`), in small letters."""
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def is_a_form(headers: Headers) -> bool:
    return media_type(headers) == FORM


def too_many_fields(most: int) -> ApiError:
    return ApiError(
        422,
        "too_many_fields",
        f"This form has more than {most} fields, more than this form of Nishan's ever has: "
        "send only its own fields.",
    )


def form_fields(body: bytes, most: int) -> dict[str, str]:
    """Each field's first value, blank ones kept; `too_many_fields` (422) past `most` fields.
    Bytes that are not UTF-8 are read as U+FFFD: a field with them matches nothing."""
    try:
        parsed = parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=most
        )
    except ValueError:  # "Max number of fields exceeded": the only one parse_qs raises here
        raise too_many_fields(most) from None
    return {name: values[0] for name, values in parsed.items()}
