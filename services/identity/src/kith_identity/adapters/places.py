"""Where a public IP address is, from a location database in MaxMind's format (read with
maxminddb): the bundled country database (kith_identity/geoip, see its LICENSE.md) unless
`KITH_GEOIP_PATH` names another, such as GeoLite2 City. A gzipped file is read into memory."""

from __future__ import annotations

import gzip
import io
import logging
from pathlib import Path

import maxminddb

from kith_identity.domain.ports import Places

BUNDLED = Path(__file__).resolve().parents[1] / "geoip" / "country.mmdb.gz"
log = logging.getLogger("kith.identity.places")


def describe(record: object) -> str:
    """ "City, Country" from a GeoIP2 City record, the country from a Country record, or the ISO
    code from a country-code record; empty when the record says nothing."""
    if not isinstance(record, dict):
        return ""
    city = (record.get("city") or {}).get("names", {}).get("en", "")
    country = record.get("country") or {}
    named = country.get("names", {}).get("en", "") or country.get("iso_code", "") or record.get("country_code", "")
    return ", ".join(part for part in (city, named) if part)


class MmdbPlaces(Places):
    def __init__(self, path: str = "") -> None:
        source = Path(path) if path else BUNDLED
        if source.suffix == ".gz":
            with gzip.open(source) as packed:
                self.reader = maxminddb.open_database(io.BytesIO(packed.read()), maxminddb.MODE_FD)
        else:
            self.reader = maxminddb.open_database(str(source), maxminddb.MODE_MMAP)
        log.info("location database %s (%s)", source, self.reader.metadata().database_type)

    def locate(self, ip_address: str) -> str:
        try:
            return describe(self.reader.get(ip_address))
        except ValueError:  # not an address
            return ""
