"""Build and check SEPA credit-transfer files (ISO 20022 pain.001.001.03) with lxml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree
from schwifty import BIC, IBAN

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
XSD = Path(__file__).with_name("pain.001.001.03.subset.xsd")
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


def sepa_text(value: str, length: int) -> str:
    """Transliterate to the SEPA Latin character set (é -> e, others -> space), truncate."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"\s+", " ", _NOT_SEPA.sub(" ", ascii_text)).strip()
    return (cleaned or "-")[:length]


@dataclass(frozen=True)
class Party:
    name: str
    iban: str
    bic: str = ""


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor: Party
    remittance: str


def build(*, message_id: str, created_at: datetime, execution_date: date, debtor: Party,
          transfers: list[Transfer], currency: str = "EUR") -> bytes:  # fmt: skip
    """The pain.001 document for one batch of transfers from `debtor`."""
    if currency != "EUR":
        raise ValueError("SEPA credit transfers are in EUR only.")
    total = sum((t.amount for t in transfers), Decimal(0))

    def sub(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
        if text is not None:
            element.text = text
        return element

    def account(parent: etree._Element, tag: str, iban: str) -> None:
        sub(sub(sub(parent, tag), "Id"), "IBAN", iban)

    def agent(parent: etree._Element, tag: str, bic: str) -> None:
        sub(sub(sub(parent, tag), "FinInstnId"), "BIC", bic)

    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    initiation = sub(root, "CstmrCdtTrfInitn")
    header = sub(initiation, "GrpHdr")
    sub(header, "MsgId", sepa_text(message_id, 35))
    sub(header, "CreDtTm", created_at.replace(microsecond=0, tzinfo=None).isoformat())
    sub(header, "NbOfTxs", str(len(transfers)))
    sub(header, "CtrlSum", f"{total:.2f}")
    sub(sub(header, "InitgPty"), "Nm", sepa_text(debtor.name, 70))
    info = sub(initiation, "PmtInf")
    sub(info, "PmtInfId", sepa_text(f"{message_id}-1", 35))
    sub(info, "PmtMtd", "TRF")
    sub(info, "BtchBookg", "true")
    sub(info, "NbOfTxs", str(len(transfers)))
    sub(info, "CtrlSum", f"{total:.2f}")
    sub(sub(sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    sub(info, "ReqdExctnDt", execution_date.isoformat())
    sub(sub(info, "Dbtr"), "Nm", sepa_text(debtor.name, 70))
    account(info, "DbtrAcct", debtor.iban)
    agent(info, "DbtrAgt", debtor.bic)
    sub(info, "ChrgBr", "SLEV")
    for transfer in transfers:
        tx = sub(info, "CdtTrfTxInf")
        sub(sub(tx, "PmtId"), "EndToEndId", sepa_text(transfer.end_to_end_id, 35))
        sub(sub(tx, "Amt"), "InstdAmt", f"{transfer.amount:.2f}", Ccy=currency)
        if transfer.creditor.bic:
            agent(tx, "CdtrAgt", transfer.creditor.bic)
        sub(sub(tx, "Cdtr"), "Nm", sepa_text(transfer.creditor.name, 70))
        account(tx, "CdtrAcct", transfer.creditor.iban)
        sub(sub(tx, "RmtInf"), "Ustrd", sepa_text(transfer.remittance, 140))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def check(xml: bytes) -> list[str]:
    """Every structural problem of a pain.001 file: schema, counts, control sums, IBAN/BIC."""
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    schema = _schema()
    if not schema.validate(doc):
        return [f"line {e.line}: {e.message}" for e in schema.error_log]
    problems: list[str] = []
    ns = {"p": NS}
    amounts = [
        Decimal(a) for a in doc.xpath("//p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()", namespaces=ns)
    ]
    header_count = int(doc.xpath("string(p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs)", namespaces=ns))
    header_sum = Decimal(doc.xpath("string(p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum)", namespaces=ns))
    if header_count != len(amounts):
        problems.append(f"GrpHdr/NbOfTxs is {header_count}, the file has {len(amounts)} transfers")
    if header_sum != sum(amounts, Decimal(0)):
        problems.append(f"GrpHdr/CtrlSum is {header_sum}, the transfers sum to {sum(amounts)}")
    for info in doc.xpath("//p:PmtInf", namespaces=ns):
        info_amounts = [
            Decimal(a) for a in info.xpath("p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()", namespaces=ns)
        ]
        if int(info.xpath("string(p:NbOfTxs)", namespaces=ns)) != len(info_amounts):
            problems.append("PmtInf/NbOfTxs does not match its transfers")
        if Decimal(info.xpath("string(p:CtrlSum)", namespaces=ns)) != sum(info_amounts, Decimal(0)):
            problems.append("PmtInf/CtrlSum does not match its transfers")
    for iban in doc.xpath("//p:IBAN/text()", namespaces=ns):
        try:
            IBAN(iban)
        except ValueError as exc:
            problems.append(f"IBAN {iban[:4]}…: {exc}")
    for bic in doc.xpath("//p:BIC/text()", namespaces=ns):
        try:
            BIC(bic)
        except ValueError as exc:
            problems.append(f"BIC {bic}: {exc}")
    ids = doc.xpath("//p:EndToEndId/text()", namespaces=ns)
    if len(set(ids)) != len(ids):
        problems.append("EndToEndId values are not unique")
    return problems
