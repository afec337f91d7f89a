"""Tracking links of the carriers vendors ship with."""

from urllib.parse import quote

CARRIERS: dict[str, tuple[str, str]] = {
    "postnl": ("PostNL", "https://jouw.postnl.nl/track-and-trace/{number}-{country}-{postal_code}"),
    "dhl": (
        "DHL",
        "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id={number}",
    ),
    "aramex": ("Aramex", "https://www.aramex.com/us/en/track/results?ShipmentNumber={number}"),
}


def tracking_url(carrier: str, number: str, address: dict[str, str]) -> str:
    template = CARRIERS[carrier][1]
    return template.format(
        number=quote(number, safe=""),
        country=quote(address.get("country", ""), safe=""),
        postal_code=quote(address.get("postal_code", "").replace(" ", ""), safe=""),
    )
