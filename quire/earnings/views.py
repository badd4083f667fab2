"""The earnings program in a person's account settings: join, change details, leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from quire.accounts import roles
from quire.articles.models import ArticlePage, InfoPage
from quire.consent.selectors import registry
from quire.core import compat
from quire.stats.counting import is_bot

from .forms import JoinForm
from .models import EarningsSettings, Membership
from .services import EarningsError, balance, membership_join, membership_leave


def terms_page():
    return InfoPage.objects.live().filter(slug="earnings-terms").first()


@login_required
def account_earnings(request: HttpRequest) -> HttpResponse:
    membership = Membership.objects.filter(user=request.user).first()
    if request.method == "POST" and request.POST.get("action") == "leave":
        try:
            membership_leave(request.user)
        except EarningsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "You have left the earnings program.")
        return HttpResponseRedirect(reverse("account_earnings"))
    form = JoinForm(request.POST if request.method == "POST" else None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_join(
                request.user,
                paypal_email=form.cleaned_data["paypal_email"],
                tax_details=form.tax_details(),
                accept_terms=form.cleaned_data["accept_terms"],
            )
        except EarningsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your earnings details are saved.")
            return HttpResponseRedirect(reverse("account_earnings"))
    return render(
        request,
        "earnings/account.html",
        {
            "form": form,
            "membership": membership,
            "is_author": roles.is_author(request.user),
            "balance": balance(request.user),
            "settings": EarningsSettings.load(),
            "terms": terms_page(),
        },
        status=400 if request.method == "POST" else 200,
    )


def affiliate_click(request: HttpRequest, hub_id: int, block_id) -> HttpResponse:
    """Count a click on a product capsule's link and send the reader to it. Only the
    address stored in that capsule of that published hub: no open redirect."""
    from django.db.models import F
    from django.http import Http404
    from django.utils import timezone

    from .models import DailyClicks

    hub = ArticlePage.objects.live().filter(pk=hub_id).first()
    block = next(
        (
            b
            for b in (hub.body if hub else [])
            if b.block_type == "product" and str(b.id) == str(block_id)
        ),
        None,
    )
    if block is None:
        raise Http404("No such product link.")
    link = block.value["link"]
    own = request.user.is_authenticated and request.user.pk == hub.owner_id
    if request.method == "GET" and not is_bot(request) and not own:
        row, _ = DailyClicks.objects.get_or_create(
            day=timezone.localdate(),
            hub_id=hub.pk,
            block_id=block.id,
            defaults={"author_id": hub.owner_id, "product": block.value["name"][:120]},
        )
        DailyClicks.objects.filter(pk=row.pk).update(clicks=F("clicks") + 1)
    response = HttpResponseRedirect(link)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# What the network's code may do: run, and open its advertiser's page in a new tab. Never
# allow-same-origin: the sandbox gives the page an origin of its own, so the network's code
# reaches no cookie, storage or page of the site even when the frame's address is opened
# as a page of its own (a link, a redirect), where no iframe's sandbox attribute applies.
# The reader's page frames it with the same flags (consent.js).
AD_FRAME_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


@xframe_options_sameorigin
def ad_frame(request: HttpRequest, pk: int) -> HttpResponse:
    """An ad network's code for one slot, as a page of its own. The reader's page frames
    it (sandboxed, without same-origin rights: it cannot read the site's cookies or page)
    only after the reader allowed that network; its own policy admits only the network's
    hosts, as listed in the privacy registry, and sandboxes it wherever it is opened."""
    from django.http import Http404
    from django.shortcuts import render

    from .models import AdSlot

    slot = AdSlot.objects.filter(pk=pk, enabled=True).exclude(network="").first()
    service = registry().get(slot.network) if slot else None
    if slot is None or service is None or not slot.code.strip():
        raise Http404("No such ad.")
    hosts = " ".join(f"https://{host}" for host in service.hosts)
    response = render(request, "earnings/ad_frame.html", {"code": slot.code})
    compat.csp_exempt(response)  # this page's own policy, below, not the site's
    response["Content-Security-Policy"] = (
        f"default-src 'none'; script-src 'unsafe-inline' {hosts}; style-src 'unsafe-inline' "
        f"{hosts}; img-src data: {hosts}; frame-src {hosts}; connect-src {hosts}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
        f"sandbox {AD_FRAME_SANDBOX}"
    ).replace("  ", " ")
    response["Cache-Control"] = "public, max-age=300"
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
