"""Keyword hits for the judging pool: services whose name or description contains a distinctive
query word's stem, or an obvious synonym or correct spelling of it, whatever any search system
ranks. They widen the pool beyond the three systems so that a service none of them finds can
still be judged relevant (and so count against every system's recall).

SYNONYMS is written by hand for the words of queries.tsv, from what a person judging would
count as "the same thing": everyday words to directory words, acronyms to their expansions,
misspellings to the right spelling. A pattern matches at the start of a word ("autis" matches
autism and autistic); a pattern ending in "$" matches a whole word only ("ot$" is not "other").
"""
import math
import re

MAX_HITS = 15  # keyword hits added per query, best first
COMMON = 0.2  # a word found in more than this share of the services says little on its own

STOP = set("""a about after again all also am an and any are as at be been being but by can
can't could did do does don't for from get go going had has have he her here him his how i i'm
if in into is it its just know me more my no not of on one or our own really she should so some
somewhere someone than that the their them then there they this to too very want wants was we
we've what when where which who whose why will with won't would you your s t ve got every day
still keep think might anyone year years old son daughter brother husband wife boy girl little
soon help look need take taking other worried himself herself sending checks isn't meeting
leaves fill join talk house""".split())

SYNONYMS = {
    # topics and everyday words
    "autism": ("autis", "asperger", "asd$", "neurodiver"), "autistic": ("autis", "asperger"),
    "carers": ("carer", "caring for"), "carer": ("carer", "caring for"),
    "young": ("young carer", "young people", "young person", "youth"),
    "dementia": ("dementia", "alzheimer", "memory"), "cafe": ("caf",),
    "wheelchair": ("wheelchair",), "accessible": ("accessib", "wheelchair"),
    "transport": ("transport", "dial a ride", "dial-a-ride", "taxi", "travel"),
    "deaf": ("deaf", "hearing", "bsl$", "sign language"),
    "eating": ("eating disorder", "anorexi", "bulimi"),
    "bereavement": ("bereave", "grief", "griev"), "counselling": ("counsel", "talking therap"),
    "food": ("food", "meal"), "bank": ("foodbank", "food bank", "larder", "pantry"),
    "learning": ("learning disab", "learning difficult"),
    "disability": ("disab",), "disabled": ("disab",), "sport": ("sport", "football", "tennis"),
    "visual": ("visual", "sight", "blind"), "impairment": ("impair",),
    "benefits": ("benefit", "pip$", "universal credit", "dla$", "attendance allowance"),
    "mobility": ("mobility", "wheelchair", "scooter", "walking aid", "hoist"),
    "equipment": ("equipment", "aids$"), "dentist": ("dent",),
    "experience": ("work experience", "placement", "volunteer"), "work": ("employ", "job"),
    "hospice": ("hospice", "palliative", "end of life", "life-limiting", "life limiting"),
    "swimming": ("swim",), "diagnosed": ("diagnos",), "dad": ("dad", "father"),
    "mum": ("mum", "mother"), "break": ("break", "respite", "sitting service"),
    "job": ("job", "employ"), "harming": ("self-harm", "self harm", "suicid"),
    "electric": ("energy", "electric", "fuel", "bills"),
    "freezing": ("warm space", "welcome space", "welcoming space", "heating"),
    "money": ("money", "debt", "benefit"),
    "meltdowns": ("meltdown", "behaviour", "challenging", "distress"),
    "gay": ("gay", "lgbt", "lesbian", "queer", "sexuality"),
    "live": ("independent living", "supported living", "live independently"),
    "forms": ("form", "claim"), "toddler": ("toddler", "under 5", "under-5", "stay and play",
                                            "pre-school", "preschool", "tots"),
    "kids": ("children", "kids"), "late": ("speech", "language"),
    "talker": ("speech", "language", "talk"), "sign": ("sign language", "bsl$"),
    "drinking": ("alcohol", "drink"), "drugs": ("drug", "substance"),
    "soils": ("soil", "continence", "toilet", "bowel"),
    # acronyms and professional words
    "camhs": ("camhs", "child and adolescent mental health"),
    "ehcp": ("ehcp", "ehc plan", "education, health and care", "education health and care",
             "special educational needs", "send$", "sen$"),
    "senco": ("senco", "sendco", "special educational needs", "send$", "sen$"),
    "respite": ("respite", "short break", "sitting service"),
    "bsl": ("bsl$", "british sign language", "sign language"), "interpreter": ("interpret",),
    "salt": ("speech and language", "speech therap", "salt$"),
    "ot": ("occupational therap", "ot$"), "assessment": ("assess",),
    "asd": ("autis", "asd$", "asperger"), "diagnosis": ("diagnos",),
    "semh": ("semh", "social, emotional and mental health", "emotional wellbeing"),
    "iapt": ("iapt", "talking therap", "cbt$"),
    "imha": ("imha", "mental health advoca", "mental health act"),
    "pfa": ("preparing for adulthood", "adulthood", "transition"),
    "direct": ("direct payment", "personal budget"), "payments": ("direct payment",),
    "pmld": ("pmld", "profound", "complex needs", "multiple learning"),
    "day": ("day centre", "day service", "day care", "day opportunit"),
    "dla": ("dla$", "disability living allowance"),
    "adhd": ("adhd", "attention deficit", "neurodiver"),
    "neet": ("neet", "not in education", "training", "employ"),
    "sendiass": ("sendiass", "iass", "information, advice and support"),
    "ep": ("educational psycholog", "ep$"), "ehcna": ("needs assessment", "ehc"),
    "rights": ("rights", "sendiass", "iass", "advice"),
    # misspellings, mapped to the right spelling
    "ocupational": ("occupational",), "autisim": ("autis",), "dyslexsia": ("dyslex",),
    "suport": ("support",), "alzhiemers": ("alzheimer", "dementia"),
    "phsyiotherapy": ("physio",), "helth": ("health",), "teenagers": ("teen", "young people"),
    "wheelchiar": ("wheelchair",), "hire": ("hire", "loan", "borrow"),
    "bereavment": ("bereave", "grief"), "cerebal": ("cerebral palsy",),
    "parkinsons": ("parkinson",), "excercise": ("exercise", "fitness", "movement"),
    "epilespy": ("epilep", "seizure"), "dissability": ("disab",),
    "councelling": ("counsel",), "langauge": ("sign language", "bsl$"),
    "hearring": ("hearing",), "repairs": ("repair", "maintenance", "maintain"),
    "anxeity": ("anxi", "panic"), "audiolgy": ("audiolog", "hearing"),
    "diabeties": ("diabet",), "assesment": ("assess",),
    # places and place-like words
    "glos": ("south glos", "gloucestershire"), "bs3": ("bs3$", "bedminster", "southville"),
    "bs15": ("bs15$", "kingswood", "hanham", "soundwell"), "knowle": ("knowle west",),
    "pauls": ("st pauls", "st paul's", "st. pauls"), "bradley": ("bradley stoke",),
    "lawrence": ("lawrence weston",), "ox4": ("ox4$", "east oxford", "oxford"),
    "walthamstow": ("walthamstow", "waltham forest"), "banbury": ("banbury", "oxfordshire"),
    "squint": ("squint", "orthopt", "eye"), "eyes": ("eye", "vision", "orthopt"),
    "nappies": ("nappies", "continence", "toilet"), "bus": ("travel training", "bus$"),
}


def stem(word):
    """A light English stem: enough to match the word's other forms at the start of a word."""
    for suffix in ("ational", "ation", "ness", "ing", "ies", "ers", "es", "ed", "er", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            # "swimming" -> "swim", "counselling" -> "counsel": the doubled letter is the suffix's
            if word[-1] == word[-2] and word[-1] not in "aeiou":
                word = word[:-1]
            break
    return word


def pattern_regex(pattern):
    whole = pattern.endswith("$")
    body = re.escape(pattern.rstrip("$"))
    return re.compile(r"(?<![a-z0-9])" + body + (r"(?![a-z0-9])" if whole else ""))


def concepts(query):
    """The query's non-stop words, each with the regexes that count as a mention of it."""
    found = []
    for word in re.findall(r"[a-z0-9']+", query.lower()):
        word = word.strip("'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word or word in STOP or (len(word) < 3 and word not in SYNONYMS):
            continue
        patterns = SYNONYMS.get(word, (stem(word),))
        found.append((word, [pattern_regex(p) for p in patterns]))
    return found


def mentions(regexes, text):
    return any(r.search(text) for r in regexes)


def keyword_hits(query, services):
    """Up to MAX_HITS service ids for QUERY, ranked by the rarity of the words they mention.

    A word found in more than COMMON of the services is ignored, since "support" or "children"
    alone would bring in a random slice of the directory; a query with no other word gets no
    keyword hits. A mention in the name counts double.
    """
    texts = [(s["id"], s["name"].lower(), s["description"].lower()) for s in services]
    weighted = []
    for word, regexes in concepts(query):
        df = sum(1 for _, name, desc in texts if mentions(regexes, name) or mentions(regexes, desc))
        if df:
            weighted.append((df, math.log(len(texts) / df), regexes))
    useful = [w for w in weighted if w[0] <= COMMON * len(texts)]
    if not useful:
        return []
    scored = []
    for service_id, name, desc in texts:
        score = sum(idf * (2 if mentions(r, name) else 1 if mentions(r, desc) else 0)
                    for _, idf, r in useful)
        if score > 0:
            scored.append((-score, service_id))
    return [service_id for _, service_id in sorted(scored)[:MAX_HITS]]
