"""Hand-written word lists the taxonomy itself does not provide.

Provenance: written by the jobbmatch team (2026) from general knowledge of Swedish
job-ad and job-seeker language and of common English job titles. Nothing here was
copied from the evaluation sets or from another product's synonym list. Every
replacement is spelled with words that occur in JobTech taxonomy labels, which
``taxonomy/tests/test_mapping_vocabulary.py`` checks against the snapshot.

All keys and values are folded (lower case, no diacritics; see ``normalise.fold``).
A key may be several words; the longest key wins. Rewrites apply to labels and texts
alike, so an English word that is also in a label ("manager" in "Account manager")
still matches it. English words with another meaning in Swedish ("chef") are left out.
"""

# Function words and the filler of ad headlines and self-descriptions
# ("Vi söker en driven ... till ..."). They carry no occupation.
STOPWORDS = frozenset(
    # One string keeps ~170 words readable; ruff would make it one word per line.
    """
    a alla allt an and annat att av bade bara beroende bla blir bli da dar de dem
    den denna dess det detta dig din dina du efter eller en enligt ett for fran har
    hon hos i ibland in inom inte ja jag man med mellan men mer mig min mina mot ni
    nu nya ny nytt och of om oss pa samt sa se sig sin sina ska skall som the till
    to under upp ut utan var vara vart vi vid vill vilka vilken ar ater over ocksa
    lan soker sokes sok soka rekryterar anstaller anstalla behover letar efter
    driven drivna engagerad engagerade erfaren erfarna duktig duktiga noggrann glad
    glada positiv positiva serviceinriktad serviceinriktade flexibel bast basta bra
    grym grymma stjarna stjarnor superstjarna toppen jobb jobbet jobba arbete
    arbetet tjanst tjansten tjanster anstallning anstallningen uppdrag uppdraget
    roll rollen position heltid deltid timanstallning timanstalld vikariat vikarie
    vikarier vikarierande tillsvidare visstid sommarjobb sommarjobbet extrajobb
    sommarvikarie sommarvikariat feriejobb distans hemifran remote omgaende snarast
    direkt ledig lediga nystartad vaxande expansiva expansivt kr lon provision fast
    grundlon malon manad manaden ditt mitt sitt era ert deras hans hennes kommer
    kan gor ger finns sommar sommaren
    """.split()  # noqa: SIM905
)

# Abbreviations of occupations and of words used in occupation phrases.
ABBREVIATIONS: dict[str, str] = {
    "usk": "underskoterska",
    "ssk": "sjukskoterska",
    "dsk": "distriktsskoterska",
    "bsk": "barnsjukskoterska",
    "spec ssk": "specialistsjukskoterska",
    "ce": "lastbil",
    "c kort": "lastbil",
    "ce kort": "lastbil",
    "ui": "ux-designer",
    "ux": "ux-designer",
    "bvc": "barnavardscentral",
    "lss": "lss",
    "elev ass": "elevassistent",
    "adm": "administrator",
    "fritids": "fritidspedagog",
}

# Gendered and colloquial forms that the taxonomy labels do not contain.
VARIANTS: dict[str, str] = {
    "staderska": "stadare",
    "stadtjej": "stadare",
    "lokalvardare": "stadare lokalvardare",
    "rormokare": "vvs-montor",
    "rorlaggare": "vvs-montor",
    "sjuksyster": "sjukskoterska",
    "skoterska": "sjukskoterska",
    "butiksbitrade": "butikssaljare",
    "vakt": "vaktare",
    "plockare": "lagerarbetare",
    "sophamtare": "renhallningsarbetare",
    # Municipal names of the elderly-care home ("vård- och omsorgsboende, särskilt
    # boende"): for an undersköterska they decide äldreboende over hospital ward.
    "omsorgsboende": "aldreboende",
    "vard och omsorgsboende": "aldreboende",
    "sarskilt boende": "aldreboende",
    "lararinna": "larare",
    "bager": "bagare",
    "kassorska": "kassapersonal",
    "kassor": "kassapersonal",
    "kassabitrade": "kassapersonal",
    "chaffis": "forare",
    "chauffor": "forare",
    "lastbilschauffor": "lastbilsforare",
    "taxichauffor": "taxiforare",
    "busschauffor": "bussforare",
    "dagmamma": "dagbarnvardare",
    "dagmammor": "dagbarnvardare",
    "flyttgubbe": "flyttkarl",
    "flyttare": "flyttkarl",
    "brandkvinna": "brandman",
    "brandsoldat": "brandman",
    "sjukvardsbitrade": "vardbitrade",
    "hemtjanstpersonal": "vardbitrade hemtjanst",
    "hemtjanstare": "vardbitrade hemtjanst",
    "servitris": "servitor",
    "servitriser": "servitor",
    "servis": "servitor",
    "hovmastarinna": "hovmastare",
    "frisorska": "frisor",
    "skadespelerska": "skadespelare",
    "sangerska": "sangare",
    "dansos": "dansare",
    "snickarlarling": "larling snickare",
    "kundtjanstare": "kundtjanst",
    "callcenter": "kundtjanst",
    "forsaljare": "saljare",
    "medarbetare": "arbetare",
    "telemarketing": "telefonforsaljare",
    "distriktslakare": "specialistlakare allmanmedicin",
    "allmanlakare": "specialistlakare allmanmedicin",
    "huslakare": "specialistlakare allmanmedicin",
    "ortoped": "specialistlakare ortopedi",
    "kirurg": "specialistlakare kirurgi",
    "psykiater": "specialistlakare psykiatri",
    "barnlakare": "specialistlakare barn ungdomsmedicin",
    "telefonsaljare": "telefonforsaljare",
    "springpojke": "bud",
    "budbil": "budbilsforare",
}

# Bare trade words that the taxonomy only has inside compounds or with a
# qualifier, and the occupation-name the word means on its own in a Swedish job
# ad: "Elektriker" is an installation electrician, not the deprecated "Elektriker,
# film" that would otherwise be its only exact label. Our own judgement, by the
# SSYK-4 group that Arbetsförmedlingen's occupation descriptions give the trade.
GENERIC_TITLES: dict[str, str] = {
    "Elektriker": "Installationselektriker",
    "Kock": "Kock à la carte",
    "Lastbilsförare": "Distributionsförare",
    "Byggarbetare": "Grovarbetare, bygg och anläggning",
    "Byggnadsarbetare": "Grovarbetare, bygg och anläggning",
    # A title, not a rewrite of the word: skills say "Svarvning, CNC".
    "CNC": "CNC-operatör",
}

# Common English occupation words and titles.
ENGLISH: dict[str, str] = {
    "nurse": "sjukskoterska",
    "registered nurse": "sjukskoterska",
    "assistant nurse": "underskoterska",
    "nursing assistant": "underskoterska",
    "care assistant": "vardbitrade",
    "personal assistant": "personlig assistent",
    "doctor": "lakare",
    "physician": "lakare",
    "dentist": "tandlakare",
    "teacher": "larare",
    "tutor": "larare",
    "preschool teacher": "forskollarare",
    "nanny": "barnvakt",
    "babysitter": "barnvakt",
    "cleaner": "stadare",
    "janitor": "vaktmastare",
    "cook": "kock",
    "waiter": "servitor",
    "waitress": "servitor",
    "dishwasher": "diskare",
    "driver": "forare",
    "truck driver": "lastbilsforare",
    "bus driver": "bussforare",
    "taxi driver": "taxiforare",
    "forklift driver": "truckforare",
    "warehouse": "lager",
    "warehouse worker": "lagerarbetare",
    "electrician": "elektriker",
    "carpenter": "snickare",
    "plumber": "vvs-montor",
    "painter": "malare",
    "welder": "svetsare",
    "mechanic": "mekaniker",
    "engineer": "ingenjor",
    "developer": "utvecklare",
    "software developer": "systemutvecklare",
    "software engineer": "systemutvecklare",
    "programmer": "programmerare",
    "fullstack": "systemutvecklare",
    "backend": "backend-utvecklare",
    "frontend": "frontend-utvecklare",
    "tester": "testare",
    "accountant": "redovisningsekonom",
    "economist": "ekonom",
    "lawyer": "jurist",
    "sales": "saljare",
    "salesperson": "saljare",
    "seller": "saljare",
    "shop": "butik",
    "store": "butik",
    "cashier": "kassapersonal",
    "security guard": "vaktare",
    "guard": "vaktare",
    "manager": "chef",
    "project manager": "projektledare",
    "product manager": "produktchef",
    "consultant": "konsult",
    "analyst": "analytiker",
    "data analyst": "dataanalytiker",
    "architect": "arkitekt",
    "researcher": "forskare",
    "phd student": "doktorand",
    "lecturer": "lektor",
    "psychologist": "psykolog",
    "social worker": "socialsekreterare",
    "pharmacist": "apotekare",
    "physiotherapist": "fysioterapeut",
    "hairdresser": "frisor",
    "baker": "bagare",
    "butcher": "slaktare",
    "farmer": "lantbrukare",
    "gardener": "tradgardsarbetare",
    "customer service": "kundtjanst",
    "customer support": "kundtjanst",
    "worker": "arbetare",
    "assistant": "assistent",
    "officer": "handlaggare",
    "recruiter": "rekryterare",
    "translator": "oversattare",
    "interpreter": "tolk",
    "police": "polis",
    "firefighter": "brandman",
    "photographer": "fotograf",
    "musician": "musiker",
    "actor": "skadespelare",
    "head chef": "kokschef",
    "sous chef": "souschef",
    "line cook": "kock",
    "kitchen assistant": "koksbitrade",
    "midwife": "barnmorska",
    "dental nurse": "tandskoterska",
    "dental hygienist": "tandhygienist",
    "occupational therapist": "arbetsterapeut",
    "speech therapist": "logoped",
    "counsellor": "kurator",
    "counselor": "kurator",
    "veterinarian": "veterinar",
    "surgeon": "specialistlakare kirurgi",
    "teaching assistant": "elevassistent",
    "librarian": "bibliotekarie",
    "editor": "redaktor",
    "shop assistant": "butikssaljare",
    "sales assistant": "butikssaljare",
    "sales manager": "forsaljningschef",
    "marketing manager": "marknadschef",
    "product owner": "produktagare",
    "project leader": "projektledare",
    "team leader": "teamledare",
    "auditor": "revisor",
    "payroll administrator": "loneadministrator",
    "real estate agent": "fastighetsmaklare",
    "service technician": "servicetekniker",
    "support technician": "supporttekniker",
    "electrical engineer": "elingenjor",
    "machine operator": "maskinoperator",
    "courier": "bud",
    "bricklayer": "murare",
    "tiler": "plattsattare",
    "locksmith": "lassmed",
    "tailor": "skraddare",
    "caretaker": "fastighetsskotare",
    "housekeeper": "hotellstadare",
    "personal trainer": "personlig tranare",
    "flight attendant": "kabinpersonal",
}
