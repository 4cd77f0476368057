"""The statements of the corpus, as a neutral workbook model every writer script turns into a file.

knownStatement.json defines the known statement (and the companion tabs « Reprises »,
« Récapitulatif », « Barème »); the large statements are drawn from it with a seeded random
generator, so that every file of the corpus comes from this one definition.
"""
import json
import random
import re
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "test" / "fixtures" / "statements"
BUILD = Path("/tmp/statementCorpus-build")

KNOWN = json.loads((HERE / "knownStatement.json").read_text(encoding="utf-8"))
FIELDS = KNOWN["fields"]
HEADERS = KNOWN["headers"]
AMOUNT_COLUMN = FIELDS.index("amount")  # K
LAST_COLUMN_LETTER = "L"


def column_letter(index):
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# Cells of the model: None (empty), ("s", text), ("d", "YYYY-MM-DD"), ("n", Decimal, format),
# ("f", formula without "=", cached Decimal or None, format). Formats: "amount", "int", "rate".
def s(text):
    return None if text is None else ("s", text)


def statement(name):
    """A statement by name: sheet, title rows, header, lines, total row."""
    if name in ("known", "reprises"):
        stmt = dict(KNOWN["statement" if name == "known" else "reprises"])
        stmt["headers"] = HEADERS
        return stmt
    if name == "known-crlf":
        # The known statement with its two-line address typed on Windows (CR LF), as Excel keeps it.
        stmt = statement("known")
        stmt["lines"] = [dict(line, address=line["address"].replace("\n", "\r\n")) if line["address"] else line for line in stmt["lines"]]
        return stmt
    match = re.fullmatch(r"large-(\d+)", name)
    if match:
        return large_statement(int(match.group(1)))
    raise KeyError(name)


LARGE_LAST = ["Lecœur", "Nørgaard", "Dupré", "Noël", "Cœurderoy", "Müller", "Garçon", "Lefèvre", "D'Almeida", "Bertrand-Élie",
              "Østergaard", "Faure-Hérault", "Humbert-Séverac", "Roussel", "Bœuf", "Œuvrard", "Chênevière", "Lévêque", "Ménétrier",
              "Pérès", "Sørensen", "Brûlé", "Crépin", "Désiré", "Fénelon", "Gérôme", "Hébert", "Île-Grâce", "Jégou", "Kerhervé"]
LARGE_FIRST = ["Bénédicte", "Søren", "Lætitia", "Noël", "Zoë", "Hélène", "Anaïs", "Jérôme", "João", "Maëlle", "Åse", "Benoît",
               "Chloé", "Gaëtan", "Noémie", "Cécile", "Gisèle", "Françoise", "Éloïse", "Loïc", "Agnès", "Raphaël", "Inès", "Thérèse"]
LARGE_STREETS = ["rue de l’Église", "avenue Émile-Zola", "impasse des Trois-Bœufs", "quai de la Grève", "allée des Chênes", "place du Marché-à-la-Volaille",
                 "rue de Bourgogne", "boulevard Aristide-Briand", "chemin des Pêcheurs", "rue Jeanne-d’Arc", "cours Léon-Gambetta", "rue Étienne-Dolet",
                 "rue des Hôtelleries", "faubourg Saint-Honoré", "venelle du Château-Gaillard", "route de Sérézin"]
LARGE_BUILDINGS = ["Résidence Les Hêtres, bât. É", "Le Clos des Mûriers", "Les Jardins d’Orléans, esc. Ç", "Villa Sœur-Thérèse"]
LARGE_CITIES = ["45000 Orléans", "45100 Orléans-la-Source", "41000 Blois", "37000 Tours", "69007 Lyon", "33000 Bordeaux",
                "44000 Nantes", "67000 Strasbourg", "75005 Paris", "18000 Bourges", "28000 Chartres", "36000 Châteauroux",
                "45160 Saint-Hilaire-Saint-Mesmin", "37210 Vouvray", "41120 Cellettes", "45590 Saint-Cyr-en-Val"]
LARGE_PRODUCTS = ["Assurance vie «\u00a0Horizon Patrimoine\u00a0»", "PER individuel Avenir", "Prévoyance Sérénité",
                  "Complémentaire santé Cœur", "Multirisque habitation", "Contrat Madelin Indépendants"]
LARGE_LABELS = ["Commission sur encours", "Commission d’apport", "Commission d’arbitrage", "Commission sur cotisations",
                "Régularisation septembre", "Reprise sur résiliation partielle", "Prime exceptionnelle — Noël", "Commission complémentaire"]
# A notice below the title; its length is tuned by writeLibreOffice.py so that, in the file LibreOffice
# writes, multi-byte characters (a "€" among them) straddle 16 KB boundaries of sharedStrings.xml.
LARGE_NOTICE = ("Ce bordereau récapitule les commissions réglées au titre du mois d’octobre 2026 ; toute réclamation doit être "
                "adressée au service Partenaires dans un délai de soixante jours à compter de sa réception, accompagnée des "
                "références du contrat, du numéro d’adhérent et du libellé de l’opération concernée. Les montants négatifs "
                "correspondent à des reprises sur résiliation, rachat ou régularisation d’échéances antérieures. Les données "
                "personnelles figurant sur ce document sont traitées conformément au règlement général sur la protection des "
                "données ; vous pouvez exercer vos droits d’accès, de rectification et d’effacement auprès de notre délégué.")


def text_amount(rng, index):
    """An amount written as text, as some generators do ("380,25 €"); the first two are the same string."""
    if index < 2:
        return "380,25\u00a0€", "380.25"
    cents = rng.randint(-20000, 250000)
    value = Decimal(cents) / 100
    whole, decimals = f"{abs(value):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    unit = rng.choice(["\u00a0€", " €", "€"])
    return f"{'-' if cents < 0 else ''}{grouped},{decimals}{unit}", f"{value:.2f}"


def large_statement(count, seed=20261202, notice_chars=None, text_phase=None):
    """`count` lines, accents in every name, address and label; one amount in 125 written as text
    (at lines ≡ text_phase mod 125)."""
    tuned = LARGE_TUNING.get(str(count), {})
    notice_chars = tuned.get("noticeChars", len(LARGE_NOTICE)) if notice_chars is None else notice_chars
    text_phase = tuned.get("textPhase", 62) if text_phase is None else text_phase
    rng = random.Random(seed + count)
    phones = sorted(KNOWN["phoneE164"])
    clients = []
    for index in range(max(1, count // 3)):
        last, first = rng.choice(LARGE_LAST), rng.choice(LARGE_FIRST)
        email = None if rng.random() < 0.1 else f"client{index:05d}@exemple.fr"
        building = f"{rng.choice(LARGE_BUILDINGS)}\n" if rng.random() < 0.2 else ""
        clients.append({
            "clientNumber": f"{7100000 + index * 7:09d}",
            "lastName": last, "firstName": first, "email": email,
            "phone": None if rng.random() < 0.1 else rng.choice(phones),
            "address": f"{building}{rng.randint(1, 120)} {rng.choice(LARGE_STREETS)}, {rng.choice(LARGE_CITIES)}",
            "contracts": [],
        })
    lines = []
    text_every = 125
    texts = 0
    for index in range(count):
        client = clients[rng.randrange(len(clients))]
        if not client["contracts"] or (len(client["contracts"]) < 3 and rng.random() < 0.2):
            year = rng.randint(1995, 2026)
            month = rng.randint(1, 9 if year == 2026 else 12)
            day = rng.randint(1, 28)
            client["contracts"].append((f"C{year}-{client['clientNumber'][-6:]}-{len(client['contracts']) + 1}", rng.choice(LARGE_PRODUCTS), f"{year}-{month:02d}-{day:02d}"))
        contract, product, start = rng.choice(client["contracts"])
        cents = rng.randint(-20000, 250000) if rng.random() < 0.9 else rng.randint(-2000, -1)
        line = {field: client.get(field) for field in ("clientNumber", "lastName", "firstName", "email", "phone", "address")}
        line.update(contractNumber=contract, product=product, startDate=start, date=f"2026-10-{rng.choice([5, 15, 20, 31]):02d}",
                    amount=str(Decimal(cents) / 100), label=rng.choice(LARGE_LABELS))
        if index % text_every == text_phase:
            text, value = text_amount(rng, texts)
            texts += 1
            line.update(amount=value, amountText=text)
        lines.append(line)
    titles = [f"Bordereau de commissions — Octobre 2026 ({count} lignes)", "Mutuelle des Pêcheurs d’Étaples — édité le 05/11/2026"]
    titles.append(LARGE_NOTICE[:notice_chars])
    return {"sheet": "Bordereau", "headers": HEADERS, "titleRows": titles, "blankRowsBeforeHeader": 1, "lines": lines,
            "totalRow": {"clientNumber": "TOTAL"}}


# Chosen by tuneLarge.py, which generate.sh runs before LibreOffice writes the large files.
LARGE_TUNING_FILE = HERE / "largeTuning.json"
LARGE_TUNING = json.loads(LARGE_TUNING_FILE.read_text()) if LARGE_TUNING_FILE.exists() else {}


def total_of(lines):
    return sum((Decimal(line["amount"]) for line in lines), Decimal("0"))


def statement_rows(stmt, total="formula", dates="date"):
    """Rows of a statement sheet. total: "formula" (with its cached value), "formula-uncached", "value" or None.
    dates: "date" (date cells) or "text" (dd/mm/yyyy text)."""
    rows = [[s(title)] for title in stmt["titleRows"]]
    rows += [[] for _ in range(stmt["blankRowsBeforeHeader"])]
    rows.append([s(h) for h in stmt["headers"]])
    first = len(rows) + 1
    for line in stmt["lines"]:
        row = []
        for field in FIELDS:
            value = line.get(field)
            if value is None:
                row.append(None)
            elif field in ("startDate", "date"):
                row.append(("d", value) if dates == "date" else ("s", french_date(value)))
            elif field == "amount":
                row.append(("s", line["amountText"]) if "amountText" in line else ("n", Decimal(value), "amount"))
            else:
                row.append(("s", value))
        rows.append(row)
    last = len(rows)
    if stmt.get("totalRow") and total:
        row = [None] * len(FIELDS)
        row[0] = ("s", stmt["totalRow"]["clientNumber"])
        letter = column_letter(AMOUNT_COLUMN)
        value = total_of(stmt["lines"])
        if total == "value":
            row[AMOUNT_COLUMN] = ("n", value, "amount")
        else:
            row[AMOUNT_COLUMN] = ("f", f"SUM({letter}{first}:{letter}{last})", value if total == "formula" else None, "amount")
        rows.append(row)
    return rows


def french_date(iso):
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def statement_sheet(name="known", hidden=False, **options):
    stmt = statement(name)
    return {"name": stmt["sheet"], "hidden": hidden, "rows": statement_rows(stmt, **options), "merges": []}


def recap_sheet():
    recap = KNOWN["recap"]
    lines = KNOWN["statement"]["lines"]
    rows = [[s(t)] for t in recap["titleRows"]] + [[s(h) for h in recap["headers"]]]
    for advisor, start, end in recap["advisors"]:
        rows.append([s(advisor), ("n", Decimal(end - start), "int"), ("n", total_of(lines[start:end]), "amount")])
    rows.append([s(recap["totalLabel"]), ("n", Decimal(len(lines)), "int"), ("n", total_of(lines), "amount")])
    return {"name": recap["sheet"], "hidden": False, "rows": rows, "merges": []}


def bareme_sheet(hidden=True):
    bareme = KNOWN["bareme"]
    rows = [[s(h) for h in bareme["headers"]]]
    for product, rate, minimum, label in bareme["rows"]:
        rows.append([s(product), ("n", Decimal(str(rate)), "rate"), ("n", Decimal(minimum), "amount"), s(label)])
    return {"name": bareme["sheet"], "hidden": hidden, "rows": rows, "merges": []}


def workbook(kind, **options):
    """The workbooks the writers save: a list of sheets in tab order. options: see statement_rows."""
    if kind in ("known", "known-crlf") or kind.startswith("large-"):
        return [statement_sheet(kind, **options)]
    if kind == "two-tabs":
        return [statement_sheet("known", **options), statement_sheet("reprises", **options)]
    if kind == "hidden-first":
        return [bareme_sheet(hidden=True), statement_sheet("known", **options)]
    if kind == "summary-first":
        return [recap_sheet(), statement_sheet("known", **options)]
    raise KeyError(kind)


# ---- What the import must create -------------------------------------------------------------

def normalise_name(value):
    # shared/contactDetails.ts normaliseName: input.replace(/\s+/g, ' ').trim()
    return re.sub(r"\s+", " ", value).strip() if value else None


def expected_line(line):
    phone = line.get("phone")
    return {
        "clientNumber": line["clientNumber"].strip(),
        "lastName": normalise_name(line["lastName"]),
        "firstName": normalise_name(line["firstName"]),
        "email": line["email"].strip().lower() if line.get("email") else None,
        "phone": KNOWN["phoneE164"][phone] if phone else None,
        "address": line["address"].strip() if line.get("address") else None,
        "contractNumber": line["contractNumber"],
        "product": line["product"],
        "startDate": line["startDate"],
        "date": line["date"],
        "amount": f"{Decimal(line['amount']):.2f}",
        "label": line["label"],
    }


def expected(name):
    stmt = statement(name)
    lines = [expected_line(line) for line in stmt["lines"]]
    cents = sum(int(Decimal(line["amount"]) * 100) for line in lines)
    return {
        "statement": name,
        "sheet": stmt["sheet"],
        "headers": stmt["headers"],
        "titleRows": stmt["titleRows"],
        "headerRow": len(stmt["titleRows"]) + stmt["blankRowsBeforeHeader"] + 1,
        "totals": {
            "clients": len({line["clientNumber"].lower() for line in lines}),
            "contracts": len({line["contractNumber"].strip().lower() for line in lines}),
            "lines": len(lines),
            "amountCents": cents,
            "amount": f"{Decimal(cents) / 100:.2f}",
            "skippedRows": 1 if stmt.get("totalRow") else 0,
        },
        "lines": lines,
    }
