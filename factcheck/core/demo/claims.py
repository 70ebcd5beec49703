"""Demo claims on the two seed texts, so a first run shows a working desk.

Each entry names the exact words it covers (`quote`), found in the text at
load time; a sentence range is given by the first and last sentence's words."""

from datetime import date

COMMENT = "kei-cars-comment"
ARTICLE = "kei-party"

FHWA_LANES = {
    "url": "https://safety.fhwa.dot.gov/geometric/pubs/mitigationstrategies/chapter3/3_lanewidth.cfm",
    "title": "Lane Width",
    "publisher": "Federal Highway Administration",
    "quote": "Lane widths of 10 to 12 feet are generally used in the United States.",
    "stance": "refutes",
    "accessed_on": date(2025, 12, 8),
}

DEMO_CLAIMS = [
    {
        "source": COMMENT,
        "quote": 'American roads were designed for the "horse and buggy" size',
        "author": "reviewer",
        "text": "American roads were designed to the width of a horse and buggy.",
        "claimant": "Anonymous commenter",
        "rating": "false",
        "summary": "US lane widths come from 20th-century motor-highway standards, not horse-drawn traffic.",
        "rationale": (
            "Modern US roads follow design standards written for motor vehicles: the Interstate "
            "standards of 1956 set **12-foot lanes**, and the AASHTO *Green Book* gives 10 to 12 "
            "feet for most roads.\n\n"
            "A horse-drawn buggy is about 5 feet wide. Old town streets may date from that era, but "
            "the highways the commenter has in mind were built for trucks.\n\n"
            "> Lane widths of 10 to 12 feet are generally used in the United States.\n\n"
            "See the [FHWA's note on lane width](https://safety.fhwa.dot.gov/geometric/pubs/"
            "mitigationstrategies/chapter3/3_lanewidth.cfm)."
        ),
        "citations": [
            FHWA_LANES,
            {
                "url": "https://www.fhwa.dot.gov/interstate/faq.cfm",
                "title": "Dwight D. Eisenhower National System of Interstate and Defense Highways: FAQ",
                "publisher": "Federal Highway Administration",
                "quote": "The standards call for 12-foot lanes.",
                "stance": "refutes",
                "accessed_on": date(2025, 12, 8),
            },
        ],
        "status": "published",
    },
    {
        "source": COMMENT,
        "quote": "will even push the small American and European cars off the road",
        "author": "reviewer",
        "text": "High winds routinely push small cars off North American highways.",
        "claimant": "Anonymous commenter",
        "rating": "misleading",
        "summary": "Strong crosswinds are a real hazard, mostly for high-sided vehicles; small cars are not routinely pushed off roads.",
        "rationale": (
            "Wind does cause crashes: the FHWA counts it among weather hazards, and bridges and "
            "passes post high-wind warnings. But the vehicles most at risk are **high-sided** ones "
            "(trucks, vans, RVs, trailers), which catch more wind for their weight.\n\n"
            "Nothing in crash data suggests small cars are *pushed off the road* as a matter of "
            "course in British Columbia, Washington or Florida."
        ),
        "citations": [
            {
                "url": "https://ops.fhwa.dot.gov/weather/q1_roadimpact.htm",
                "title": "How Do Weather Events Impact Roads?",
                "publisher": "Federal Highway Administration",
                "quote": "High winds reduce visibility and affect vehicle stability, especially for high-profile vehicles.",
                "stance": "context",
                "accessed_on": date(2025, 12, 9),
            }
        ],
        "status": "submitted",
    },
    {
        "source": COMMENT,
        "quote": "A tiny car/truck is crushed like beer can in most accidents with other US vehicles",
        "author": "reviewer2",
        "text": "Small cars are crushed in most collisions with other US vehicles.",
        "claimant": "Anonymous commenter",
        "rating": "half-true",
        "summary": "Small cars do fare worse against heavier vehicles, but most crashes are not fatal or crushing.",
        "rationale": (
            "IIHS data show occupant death rates are higher in the smallest cars, and physics "
            "favours the heavier vehicle in a two-vehicle crash. *Most* crashes, though, are minor."
        ),
        "citations": [
            {
                "url": "https://www.iihs.org/topics/fatality-statistics/detail/passenger-vehicle-occupants",
                "title": "Fatality Facts: Passenger vehicle occupants",
                "publisher": "Insurance Institute for Highway Safety",
                "quote": "",
                "stance": "context",
                "accessed_on": date(2025, 12, 10),
            }
        ],
        "status": "draft",
        # Rated blind by reviewer, who came out lower: both ratings are shown
        # side by side and the disagreement waits for an editor.
        "blind": {
            "reviewer": "reviewer",
            "rating": "mostly-false",
            "summary": "Crushing injuries are rare; most crashes between cars are minor.",
            "rationale": (
                "Heavier vehicles do win two-vehicle crashes, but NHTSA data show most crashes "
                "cause property damage only. *Crushed in most accidents* overstates it."
            ),
        },
    },
    {
        "source": ARTICLE,
        "quote": "The kei regulations were issued in 1949",
        "author": "reviewer",
        "text": "Japan's kei car regulations date from 1949.",
        "first_verdict": {
            "rating": "mostly-true",
            "summary": "Kei rules date from around 1949–1950.",
            "rationale": "Sources differ on whether the class began in 1949 or 1950.",
        },
        "correction_note": "We first rated this Mostly true, unsure of the year. The 1949 regulation is well documented: corrected to True.",
        "claimant": "Alex Kierstein",
        "rating": "true",
        "summary": "The kei class was created by Japan's vehicle regulations of 1949.",
        "rationale": "The light-vehicle (*keijidōsha*) category was defined in 1949 and widened several times afterwards.",
        "citations": [
            {
                "url": "https://en.wikipedia.org/wiki/Kei_car",
                "title": "Kei car",
                "publisher": "Wikipedia",
                "quote": "The kei car category was created in 1949.",
                "stance": "supports",
                "accessed_on": date(2025, 12, 6),
            }
        ],
        "status": "corrected",
    },
    {
        "source": ARTICLE,
        "quote": "They make up a decent share of the car sales pie, around a third of all sales in Japan.",
        "author": "reviewer",
        "text": "Kei cars are around a third of new car sales in Japan.",
        "changes_reason": "Cite the JADA or JAMA figures for a specific year rather than the association's home page.",
        "claimant": "Alex Kierstein",
        "rating": "mostly-true",
        "summary": "Kei vehicles have made up roughly a third or more of Japan's new-vehicle sales in recent years.",
        "rationale": "Industry sales figures put kei vehicles at about 35–40% of new vehicles sold in Japan.",
        "citations": [
            {
                "url": "https://www.jada.or.jp/",
                "title": "New vehicle sales statistics",
                "publisher": "Japan Automobile Dealers Association",
                "quote": "",
                "stance": "supports",
                "accessed_on": date(2025, 12, 6),
            }
        ],
        "status": "changes_requested",
    },
    {
        "source": ARTICLE,
        "quote": "The first kei car, introduced in 1952, was called the Auto Sandal.",
        "author": "reviewer",
        "text": "The first kei car was the 1952 Auto Sandal.",
        "claimant": "Alex Kierstein",
        "rating": "mostly-true",
        "summary": 'The Auto Sandal (1952) is usually listed among the first kei cars; "the first" is debated.',
        "rationale": (
            "The Auto Sandal went on sale in 1952 and is often called the first kei car. "
            "Some histories give that title to other early microcars of the same years, so the "
            "claim is right in substance but stated more firmly than the record allows."
        ),
        "citations": [
            {
                "url": "https://en.wikipedia.org/wiki/Auto_Sandal",
                "title": "Auto Sandal",
                "publisher": "Wikipedia",
                "quote": "",
                "stance": "supports",
                "accessed_on": date(2025, 12, 6),
            }
        ],
        "status": "published",
        "suggestion": {
            "message": "The Flying Feather (1955) is sometimes called the first kei car too: worth a mention?",
            "name": "A reader",
        },
    },
    {
        "source": ARTICLE,
        "quote": "the Toyota Cavalier was a disaster",
        "author": "reviewer2",
        "assign_to": "reviewer2",
        "text": "The Toyota Cavalier sold badly in Japan.",
        "claimant": "Alex Kierstein",
        "rating": None,
        "summary": "",
        "rationale": "",
        "citations": [],
        "status": "draft",
    },
    {
        "source": ARTICLE,
        "quote": "A market where even the ultra-cheap Mitsubishi Mirage was recently withdrawn.",
        "author": "reviewer",
        "text": "Mitsubishi recently withdrew the Mirage from the US market.",
        "claimant": "Alex Kierstein",
        "rating": "true",
        "summary": "Mitsubishi ended US sales of the Mirage after the 2025 model year.",
        "rationale": "Mitsubishi announced that the Mirage would leave the US line-up after 2025.",
        "citations": [
            {
                "url": "https://en.wikipedia.org/wiki/Mitsubishi_Mirage",
                "title": "Mitsubishi Mirage",
                "publisher": "Wikipedia",
                "quote": "",
                "stance": "supports",
                "accessed_on": date(2025, 12, 6),
            }
        ],
        "status": "retracted",
        "retraction_note": "We relied on a single secondary source; this fact-check is withdrawn until we can confirm the date with Mitsubishi.",
    },
]
