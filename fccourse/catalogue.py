"""The tools the bundled dataset is made of: a catalogue, written as data.

Each `Tool` carries what the generator (`fccourse.datagen`) needs to write a
realistic conversation around it:

* `params`: the JSON-schema parameters, built from `P(...)`;
* `sample(rng)`: one user's arguments, returned as `(args, say)`: `args` is
  what the model must put in its call; `say` is how the user says each of them
  (the text that fills the request's `{slots}`). Optional arguments are
  present in some samples and absent in others;
* `requests`: user phrasings; the generator picks one whose `{slots}` are
  exactly the keys of `say`, so a template mentions an optional argument
  only when the sample includes it;
* `respond(args, rng)`: the tool's result, a flat dict of JSON values;
* `answers`: the final reply, formatted with `say` and the result's keys.

Values the model must copy appear verbatim in the user's words (names, cities,
numbers), so a model can learn to extract arguments for tools it has never
seen. Everything is deterministic given the `random.Random` passed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class P:
    """One parameter. `type` is a JSON-schema type name."""

    name: str
    type: str
    description: str
    required: bool = True
    enum: tuple = ()
    items: str | None = None  # item type for arrays
    properties: tuple["P", ...] = ()  # for objects

    def schema(self) -> dict:
        s: dict[str, Any] = {"type": self.type, "description": self.description}
        if self.enum:
            s["enum"] = list(self.enum)
        if self.type == "array":
            s["items"] = {"type": self.items or "string"}
        if self.type == "object":
            s["properties"] = {p.name: p.schema() for p in self.properties}
            s["required"] = [p.name for p in self.properties if p.required]
        return s


@dataclass(frozen=True)
class Tool:
    name: str
    domain: str
    description: str
    params: tuple[P, ...]
    sample: Callable[[random.Random], tuple[dict, dict]]
    requests: tuple[str, ...]
    respond: Callable[[dict, random.Random], dict]
    answers: tuple[str, ...]
    extra: dict = field(default_factory=dict)

    def schema(self) -> dict:
        """The tool as the hermes data writes it: {'type': 'function', 'function': {...}}."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": {
                    "type": "object",
                    "properties": {p.name: p.schema() for p in self.params},
                    "required": [p.name for p in self.params if p.required],
                },
            },
        }


# --- small helpers for samplers --------------------------------------------------

CITIES = ("Paris", "Tokyo", "New York", "London", "Berlin", "Sydney", "Toronto", "Madrid", "Rome", "Seoul",
          "Cairo", "Mumbai", "Chicago", "Lisbon", "Vienna", "Dublin", "Oslo", "Nairobi", "Lima", "Bangkok")
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "MXN")
FIRST_NAMES = ("Alice", "Bob", "Carla", "David", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas",
               "Keiko", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq")
COMPANIES = ("Apple", "Microsoft", "Amazon", "Tesla", "Google", "Netflix", "Nvidia", "Intel", "IBM", "Adobe")
LAST_NAMES = ("Garcia", "Smith", "Tanaka", "Muller", "Rossi", "Kowalski", "Okafor", "Silva", "Nguyen", "Larsen")
COUNTRIES = ("Japan", "Brazil", "Egypt", "Thailand", "Mexico", "Kenya", "Peru", "Morocco", "Vietnam", "Iceland")
STREETS = ("12 Oak Street", "45 Maple Avenue", "7 Elm Road", "230 Park Lane", "88 River Drive",
           "5 Station Road", "19 Hill Street", "301 Market Street", "64 Queen Street", "9 Harbour Way")
PLACES = ("Central Station", "the airport", "City Hall", "Riverside Park", "the Museum of Modern Art",
          "Westfield Mall", "the university campus", "the convention center", "Harbor Bridge", "the stadium")
AIRLINES = ("Air France", "British Airways", "Lufthansa", "United", "Delta", "Japan Airlines", "Qantas", "Air Canada")
HOTELS = ("Grand Plaza Hotel", "Hotel Lumiere", "The Riverside Inn", "Park View Suites", "Harbor Lights Hotel",
          "The Central Hotel", "Maple Leaf Lodge", "Hotel Aurora")
INGREDIENTS = ("chicken", "rice", "garlic", "tomatoes", "spinach", "mushrooms", "onions", "beef", "tofu", "pasta",
               "eggs", "cheese", "potatoes", "salmon", "lentils", "bell peppers", "zucchini", "chickpeas")
CUISINES = ("Italian", "Mexican", "Thai", "Indian", "Japanese", "Greek", "French", "Chinese", "Korean", "Lebanese")
RESTAURANTS = ("Luigi's Trattoria", "Golden Dragon", "Taco Fiesta", "Spice Route", "Sakura Sushi",
               "The Green Bowl", "Burger Barn", "Olive Tree Taverna")
DISHES = ("margherita pizza", "pad thai", "chicken tikka masala", "veggie burger", "caesar salad",
          "beef burrito", "salmon sushi roll", "falafel wrap", "garlic bread", "miso soup")
# per 100 g: calories, protein, carbs, fat
FOODS = {"banana": (89, 1.1, 22.8, 0.3), "avocado": (160, 2.0, 8.5, 14.7), "boiled egg": (155, 12.6, 1.1, 10.6),
         "brown rice": (112, 2.3, 23.5, 0.8), "almonds": (579, 21.2, 21.6, 49.9),
         "chicken breast": (165, 31.0, 0.0, 3.6), "greek yogurt": (59, 10.2, 3.6, 0.4),
         "oatmeal": (71, 2.5, 12.0, 1.5), "salmon": (206, 22.0, 0.0, 12.0), "broccoli": (34, 2.8, 6.6, 0.4)}
ACTIVITIES = ("running", "cycling", "swimming", "walking", "yoga", "weightlifting")
METS = {"running": 9.8, "cycling": 7.5, "swimming": 8.0, "walking": 3.8, "yoga": 3.0, "weightlifting": 5.0}
SPECIALTIES = ("dentist", "dermatologist", "pediatrician", "cardiologist", "physiotherapist", "neurologist")
# title: (year, director, genre, runtime in minutes)
MOVIES = {"Inception": (2010, "Christopher Nolan", "science fiction", 148),
          "The Matrix": (1999, "Lana and Lilly Wachowski", "science fiction", 136),
          "Interstellar": (2014, "Christopher Nolan", "science fiction", 169),
          "Parasite": (2019, "Bong Joon-ho", "thriller", 132),
          "Gladiator": (2000, "Ridley Scott", "action", 155),
          "Titanic": (1997, "James Cameron", "romance", 195),
          "Jurassic Park": (1993, "Steven Spielberg", "adventure", 127),
          "The Godfather": (1972, "Francis Ford Coppola", "crime", 175),
          "Spirited Away": (2001, "Hayao Miyazaki", "animation", 125),
          "Casablanca": (1942, "Michael Curtiz", "romance", 102),
          "Arrival": (2016, "Denis Villeneuve", "science fiction", 116),
          "Whiplash": (2014, "Damien Chazelle", "drama", 106)}
GENRES = ("action", "comedy", "drama", "horror", "science fiction", "romance", "animation", "thriller", "documentary")
FILM_TITLES = ("The Last Horizon", "Midnight Express Line", "Echoes of Tomorrow", "Paper Hearts",
               "The Silent Harbor", "Broken Compass", "City of Lanterns", "Northern Lights")
CINEMAS = ("Cineplex Downtown", "Grand Cinema", "Odeon Central", "Starlight Theater", "Regal Plaza")
# artist: (genre, origin, songs)
ARTISTS = {"Taylor Swift": ("pop", "the United States", ("Shake It Off", "Blank Space", "Anti-Hero", "Love Story")),
           "Ed Sheeran": ("pop", "the United Kingdom", ("Shape of You", "Perfect", "Photograph", "Thinking Out Loud")),
           "Adele": ("soul", "the United Kingdom", ("Rolling in the Deep", "Hello", "Someone Like You", "Easy on Me")),
           "Coldplay": ("rock", "the United Kingdom", ("Yellow", "Viva la Vida", "Fix You", "The Scientist")),
           "Beyonce": ("R&B", "the United States", ("Halo", "Crazy in Love", "Single Ladies", "Formation")),
           "Daft Punk": ("electronic", "France", ("Get Lucky", "One More Time", "Around the World", "Instant Crush")),
           "Billie Eilish": ("pop", "the United States", ("Bad Guy", "Ocean Eyes", "Happier Than Ever", "Lovely")),
           "The Beatles": ("rock", "the United Kingdom", ("Hey Jude", "Let It Be", "Yesterday", "Come Together")),
           "Queen": ("rock", "the United Kingdom", ("Bohemian Rhapsody", "Don't Stop Me Now", "We Will Rock You",
                                                    "Somebody to Love")),
           "Norah Jones": ("jazz", "the United States", ("Don't Know Why", "Come Away with Me", "Sunrise",
                                                          "Turn Me On"))}
PLAYLIST_NAMES = ("Road Trip", "Morning Run", "Chill Vibes", "Focus Mode", "Sunday Brunch", "Party Mix", "Throwbacks")
LEAGUES = {"Premier League": ("Arsenal", "Liverpool", "Manchester City", "Chelsea", "Tottenham"),
           "La Liga": ("Real Madrid", "Barcelona", "Atletico Madrid", "Sevilla"),
           "Serie A": ("Inter Milan", "Juventus", "AC Milan", "Napoli"),
           "Bundesliga": ("Bayern Munich", "Borussia Dortmund", "Bayer Leverkusen", "RB Leipzig"),
           "NBA": ("Boston Celtics", "Los Angeles Lakers", "Golden State Warriors", "Denver Nuggets", "Chicago Bulls")}
SEASONS = ("2021-22", "2022-23", "2023-24")
# player: (team, headline stat)
PLAYERS = {"Lionel Messi": ("Inter Miami", "goals"), "LeBron James": ("Los Angeles Lakers", "points per game"),
           "Stephen Curry": ("Golden State Warriors", "points per game"),
           "Erling Haaland": ("Manchester City", "goals"),
           "Kylian Mbappe": ("Real Madrid", "goals"), "Harry Kane": ("Bayern Munich", "goals"),
           "Nikola Jokic": ("Denver Nuggets", "points per game"), "Mohamed Salah": ("Liverpool", "goals")}
EVENTS = ("team meeting", "dentist appointment", "project review", "yoga class", "budget planning session",
          "client call", "book club", "parent-teacher conference")
TASKS = ("buy groceries", "pay the electricity bill", "call the plumber", "renew my passport",
         "submit the expense report", "book a haircut", "water the plants", "pick up the dry cleaning")
EMAIL_SUBJECTS = ("Quarterly report", "Meeting tomorrow", "Project update", "Dinner on Friday", "Invoice for March",
                  "Vacation plans")
EMAIL_BODIES = ("I'll be 10 minutes late to the meeting.", "Please find the quarterly numbers attached.",
                "Are you free for lunch on Friday?", "The project deadline has moved to next week.",
                "Thanks for your help with the launch!")
TEXT_MESSAGES = ("Running late, see you soon!", "Happy birthday!", "Can you call me back?", "Dinner is at 7 tonight.",
                 "I'm outside.", "Don't forget the tickets.")
GROUP_NAMES = ("Weekend Hiking", "Book Club", "Family", "Project Phoenix", "Soccer Team", "Trip Planning")
# product: brands that make it
PRODUCTS = {"wireless headphones": ("Sony", "Bose", "JBL"), "running shoes": ("Nike", "Adidas", "Asics"),
            "coffee maker": ("Breville", "De'Longhi", "Philips"), "laptop stand": ("Rain Design", "Nulaxy"),
            "yoga mat": ("Manduka", "Gaiam", "Liforme"), "electric toothbrush": ("Oral-B", "Philips Sonicare"),
            "backpack": ("Osprey", "Herschel", "The North Face"), "desk lamp": ("BenQ", "IKEA", "Philips"),
            "smartwatch": ("Garmin", "Samsung", "Fitbit"), "bluetooth speaker": ("JBL", "Bose", "Ultimate Ears")}
RETAILERS = ("Walmart", "Target", "Best Buy", "Costco", "eBay")
# (from, to, factor)
UNIT_PAIRS = (("kilometers", "miles", 0.621371), ("miles", "kilometers", 1.609344), ("pounds", "kilograms", 0.453592),
              ("kilograms", "pounds", 2.204623), ("liters", "gallons", 0.264172), ("feet", "meters", 0.3048),
              ("ounces", "grams", 28.349523), ("inches", "centimeters", 2.54))
SUBJECTS = ("Python programming", "machine learning", "statistics", "Spanish", "photography", "web development",
            "creative writing", "data science", "calculus", "digital marketing")
COURSES = ("Introduction to Python", "Data Science Bootcamp", "Photography Basics", "Spanish for Beginners",
           "Machine Learning Foundations", "Creative Writing Workshop")
# element: (symbol, atomic number, atomic mass, category)
ELEMENTS = {"hydrogen": ("H", 1, 1.008, "nonmetal"), "helium": ("He", 2, 4.0026, "noble gas"),
            "carbon": ("C", 6, 12.011, "nonmetal"), "nitrogen": ("N", 7, 14.007, "nonmetal"),
            "oxygen": ("O", 8, 15.999, "nonmetal"), "neon": ("Ne", 10, 20.18, "noble gas"),
            "sodium": ("Na", 11, 22.99, "alkali metal"), "calcium": ("Ca", 20, 40.078, "alkaline earth metal"),
            "iron": ("Fe", 26, 55.845, "transition metal"), "copper": ("Cu", 29, 63.546, "transition metal"),
            "silver": ("Ag", 47, 107.87, "transition metal"), "gold": ("Au", 79, 196.97, "transition metal")}
STATIONS = ("Central Station", "Union Square", "King's Cross", "Main Street", "Airport Terminal 2", "Harbor Front")
TRANSIT_LINES = ("Line 1", "Line 7", "Bus 42", "Red Line", "Blue Line", "Tram 3")
NEWS_CATEGORIES = ("business", "technology", "sports", "health", "science", "entertainment")
HEADLINES = {"business": ("Markets rally as inflation cools", "Retail sales beat expectations in May"),
             "technology": ("New AI chips promise faster, cheaper models", "Smartphone makers bet on foldable screens"),
             "sports": ("Underdogs stun champions in cup final", "Star striker signs record contract"),
             "health": ("Study links daily walks to better sleep", "New flu vaccine shows strong results"),
             "science": ("Telescope spots water vapour on distant planet", "Researchers map the ocean floor in 3D"),
             "entertainment": ("Summer blockbuster breaks box office records", "Beloved sitcom returns for a reunion")}
NEWS_SOURCES = ("Reuters", "BBC News", "The Guardian", "AP News", "Bloomberg")
TOPICS = ("climate change", "artificial intelligence", "electric vehicles", "space exploration", "renewable energy",
          "public health", "the housing market", "cybersecurity")
# url: (title, summary)
ARTICLES = {
    "https://news.example.com/tech/ai-chip-shortage": (
        "Why AI chips are so hard to find",
        "Demand for AI chips has outpaced supply. Manufacturers are building new plants, "
        "but relief is not expected before next year."),
    "https://news.example.com/science/coral-reefs": (
        "Coral reefs show signs of recovery",
        "Several reefs in the Pacific are recovering after years of bleaching. "
        "Scientists credit cooler waters and local protection efforts."),
    "https://news.example.com/business/remote-work": (
        "Remote work is here to stay, survey finds",
        "Most companies plan to keep hybrid schedules. Workers report better focus, "
        "while managers worry about team cohesion."),
    "https://news.example.com/health/sleep-study": (
        "How much sleep do adults really need?",
        "A large study confirms that seven to nine hours is ideal for most adults. "
        "Both too little and too much sleep were linked to health risks."),
    "https://news.example.com/travel/night-trains": (
        "The return of the European night train",
        "New sleeper routes are connecting major European cities. "
        "Travellers choose them to cut emissions and save a night in a hotel."),
}
PHRASES = ("Where is the train station?", "How much does this cost?", "Good morning, how are you?",
           "I would like a table for two.", "Thank you very much for your help.", "What time does the museum open?")
# language: (code, translations of PHRASES in order)
TRANSLATIONS = {
    "Spanish": ("es", ("¿Dónde está la estación de tren?", "¿Cuánto cuesta esto?",
                       "Buenos días, ¿cómo estás?", "Me gustaría una mesa para dos.",
                       "Muchas gracias por tu ayuda.", "¿A qué hora abre el museo?")),
    "French": ("fr", ("Où est la gare ?", "Combien ça coûte ?", "Bonjour, comment allez-vous ?",
                      "Je voudrais une table pour deux.", "Merci beaucoup pour votre aide.",
                      "À quelle heure ouvre le musée ?")),
    "German": ("de", ("Wo ist der Bahnhof?", "Wie viel kostet das?", "Guten Morgen, wie geht es Ihnen?",
                      "Ich hätte gern einen Tisch für zwei.", "Vielen Dank für Ihre Hilfe.",
                      "Wann öffnet das Museum?")),
    "Italian": ("it", ("Dov'è la stazione ferroviaria?", "Quanto costa questo?", "Buongiorno, come sta?",
                       "Vorrei un tavolo per due.", "Grazie mille per il tuo aiuto.", "A che ora apre il museo?")),
}
# word: (part of speech, definition, example, synonyms)
WORDS = {
    "serendipity": ("noun", "the occurrence of fortunate events by chance", "Finding that cafe was pure serendipity.",
                    ("chance", "fluke", "happy accident", "luck", "fortune")),
    "ephemeral": ("adjective", "lasting for a very short time", "Fame on social media is often ephemeral.",
                  ("fleeting", "transient", "short-lived", "brief", "momentary")),
    "ubiquitous": ("adjective", "present or found everywhere", "Smartphones have become ubiquitous.",
                   ("omnipresent", "pervasive", "universal", "widespread", "everywhere")),
    "resilient": ("adjective", "able to recover quickly from difficulties", "Children are often remarkably resilient.",
                  ("tough", "hardy", "adaptable", "strong", "buoyant")),
    "meticulous": ("adjective", "showing great attention to detail", "She kept meticulous records of every expense.",
                   ("careful", "precise", "thorough", "scrupulous", "painstaking")),
    "eloquent": ("adjective", "fluent and persuasive in speaking or writing", "He gave an eloquent speech.",
                 ("articulate", "expressive", "fluent", "persuasive", "well-spoken")),
    "pragmatic": ("adjective", "dealing with things sensibly and realistically", "We need a pragmatic solution.",
                  ("practical", "realistic", "sensible", "down-to-earth", "matter-of-fact")),
    "ambiguous": ("adjective", "open to more than one interpretation", "The instructions were ambiguous.",
                  ("unclear", "vague", "equivocal", "uncertain", "cryptic")),
    "benevolent": ("adjective", "well meaning and kindly", "A benevolent donor paid for the new library.",
                   ("kind", "generous", "charitable", "caring", "compassionate")),
    "candid": ("adjective", "truthful and straightforward; frank", "She was candid about her mistakes.",
               ("frank", "honest", "open", "direct", "blunt")),
}
ROOMS = ("living room", "kitchen", "bedroom", "bathroom", "office", "hallway", "dining room")
APPLIANCES = ("air conditioner", "washing machine", "fridge", "water heater", "dishwasher")
JOB_TITLES = ("software engineer", "data analyst", "graphic designer", "nurse", "project manager",
              "marketing specialist", "teacher", "UX designer", "sales representative", "web developer")
EMPLOYERS = ("Acme Corp", "Globex", "Initech", "Northwind", "Umbrella Health", "Blue Sky Labs", "Brightway")


def maybe(rng: random.Random, p: float = 0.5) -> bool:
    """True with probability p: whether a sample includes an optional argument."""
    return rng.random() < p


def money(rng: random.Random, lo: int, hi: int) -> float:
    """A price-like amount with two decimals."""
    return round(rng.uniform(lo, hi), 2)


def _and(items) -> str:
    """A natural list: 'a', 'a and b', 'a, b and c'."""
    items = [str(x) for x in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _put(args: dict, say: dict, key: str, value, said: str | None = None) -> None:
    """Set one argument and how the user says it (by default, the value itself)."""
    args[key] = value
    say[key] = str(value) if said is None else said


def _extra(rng: random.Random, *names: str) -> str | None:
    """Which optional argument a sample adds: one of `names`, or None (never more than one)."""
    return rng.choice((None,) + names)


def _date(rng: random.Random) -> str:
    """A date in 2025, written YYYY-MM-DD."""
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _time(rng: random.Random) -> str:
    """A time of day, written HH:MM."""
    return f"{rng.randint(7, 21):02d}:{rng.choice(('00', '15', '30', '45'))}"


def _price(rng: random.Random, lo: int, hi: int) -> float:
    """A shop-like price such as 24.99 (never a trailing zero)."""
    return round(rng.randint(lo, hi) + rng.choice((0.25, 0.49, 0.75, 0.95, 0.99)), 2)


def _code(rng: random.Random, prefix: str = "", n: int = 6, alphabet: str = "0123456789") -> str:
    """An id such as ORD-482913."""
    return prefix + "".join(rng.choice(alphabet) for _ in range(n))


def _num(x: float) -> int | float:
    """A number as a user writes it: 12 rather than 12.0."""
    return int(x) if x == int(x) else x


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.com"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _minutes(n: int) -> str:
    return f"{n} minutes" if n < 60 else f"{n // 60} h {n % 60:02d} min"


def _monthly_payment(principal: float, annual_rate: float, years: int) -> float:
    r, n = annual_rate / 1200, years * 12
    return principal / n if r == 0 else principal * r / (1 - (1 + r) ** -n)


# --- the catalogue -----------------------------------------------------------------


def _convert_currency_sample(rng):
    amount = rng.choice([50, 100, 250, 500, 1000, 1200, 75, 20])
    src, dst = rng.sample(CURRENCIES, 2)
    return (
        {"amount": amount, "from_currency": src, "to_currency": dst},
        {"amount": str(amount), "from_currency": src, "to_currency": dst},
    )


def _get_weather_sample(rng):
    city = rng.choice(CITIES)
    args, say = {"location": city}, {"location": city}
    if maybe(rng, 0.4):
        unit = rng.choice(["celsius", "fahrenheit"])
        args["unit"], say["unit"] = unit, unit
    return args, say


TOOLS: list[Tool] = [
    Tool(
        name="convert_currency",
        domain="finance",
        description="Convert an amount of money from one currency to another",
        params=(
            P("amount", "number", "The amount to convert"),
            P("from_currency", "string", "The currency to convert from, as a 3-letter code"),
            P("to_currency", "string", "The currency to convert to, as a 3-letter code"),
        ),
        sample=_convert_currency_sample,
        requests=(
            "Hi, I need to convert {amount} {from_currency} to {to_currency}. Can you help me with that?",
            "How much is {amount} {from_currency} in {to_currency}?",
            "Please convert {amount} {from_currency} into {to_currency}.",
        ),
        respond=lambda a, rng: {
            "converted_amount": round(a["amount"] * rng.uniform(0.5, 1.5), 2),
            "from_currency": a["from_currency"],
            "to_currency": a["to_currency"],
        },
        answers=(
            "{amount} {from_currency} is approximately {converted_amount} {to_currency}.",
            "Sure! {amount} {from_currency} converts to about {converted_amount} {to_currency}.",
        ),
    ),
    Tool(
        name="get_weather",
        domain="weather",
        description="Get the current weather for a city",
        params=(
            P("location", "string", "The city, e.g. Paris"),
            P("unit", "string", "The temperature unit", required=False, enum=("celsius", "fahrenheit")),
        ),
        sample=_get_weather_sample,
        requests=(
            "What's the weather like in {location} right now?",
            "Can you tell me the current weather in {location}?",
            "What's the weather in {location}? Give me the temperature in {unit}.",
            "How warm is it in {location} at the moment, in {unit}?",
        ),
        respond=lambda a, rng: {
            "temperature": rng.randint(-5, 35),
            "unit": a.get("unit", "celsius"),
            "condition": rng.choice(["sunny", "cloudy", "light rain", "windy", "clear"]),
        },
        answers=(
            "It is currently {temperature} degrees {unit} and {condition} in {location}.",
            "The weather in {location} is {condition}, with a temperature of {temperature} degrees {unit}.",
        ),
    ),
]

# The two tools above are the course's original examples. The rest of the catalogue follows, one section per
# domain (each section's samplers first, then `TOOLS.extend([...])`). Near neighbours share a domain on purpose
# (get_weather / get_weather_forecast, calculate_loan_payment / calculate_mortgage, search_flights / book_flight),
# so that picking the right tool means reading the request.


# --- finance -----------------------------------------------------------------------


def _company_sample(rng):
    company = rng.choice(COMPANIES)
    return {"company": company}, {"company": company}


def _stock_history_sample(rng):
    args, say = _company_sample(rng)
    _put(args, say, "period", rng.choice(("week", "month", "year")))
    return args, say


def _stock_history_respond(a, rng):
    start = money(rng, 40, 800)
    end = round(start * rng.uniform(0.8, 1.25), 2)
    return {"start_price": start, "end_price": end, "change_percent": round((end - start) / start * 100, 2),
            "high": round(max(start, end) * rng.uniform(1.0, 1.08), 2),
            "low": round(min(start, end) * rng.uniform(0.92, 1.0), 2)}


def _loan_sample(rng):
    args, say = {}, {}
    _put(args, say, "principal", rng.choice((5000, 10000, 15000, 20000, 25000, 35000, 50000)))
    _put(args, say, "annual_rate", rng.choice((3.5, 4.25, 5, 5.9, 6.5, 7.25, 8, 9.99)))
    _put(args, say, "term_years", rng.choice((2, 3, 4, 5, 7, 10)))
    return args, say


def _loan_respond(a, rng):
    monthly = _monthly_payment(a["principal"], a["annual_rate"], a["term_years"])
    total = monthly * a["term_years"] * 12
    return {"monthly_payment": round(monthly, 2), "total_paid": round(total, 2),
            "total_interest": round(total - a["principal"], 2)}


def _compound_sample(rng):
    args, say = {}, {}
    _put(args, say, "principal", rng.choice((1000, 2500, 5000, 10000, 20000, 50000)))
    _put(args, say, "annual_rate", rng.choice((2, 3.5, 4, 4.5, 5, 6.25, 7)))
    _put(args, say, "years", rng.choice((3, 5, 10, 15, 20, 30)))
    if maybe(rng):
        _put(args, say, "compounding", rng.choice(("monthly", "quarterly", "annually")))
    return args, say


def _compound_respond(a, rng):
    n = {"monthly": 12, "quarterly": 4, "annually": 1}[a.get("compounding", "annually")]
    final = a["principal"] * (1 + a["annual_rate"] / 100 / n) ** (n * a["years"])
    return {"final_amount": round(final, 2), "interest_earned": round(final - a["principal"], 2)}


def _mortgage_sample(rng):
    args, say = {}, {}
    price = rng.choice((250000, 320000, 400000, 475000, 550000, 680000, 800000))
    _put(args, say, "home_price", price)
    _put(args, say, "down_payment", price // rng.choice((5, 10, 4)))
    _put(args, say, "annual_rate", rng.choice((3.75, 4.5, 5.25, 6, 6.5, 6.75, 7.1)))
    _put(args, say, "term_years", rng.choice((15, 20, 25, 30)))
    return args, say


def _mortgage_respond(a, rng):
    loan = a["home_price"] - a["down_payment"]
    monthly = _monthly_payment(loan, a["annual_rate"], a["term_years"])
    return {"loan_amount": loan, "monthly_payment": round(monthly, 2),
            "total_interest": round(monthly * a["term_years"] * 12 - loan, 2)}


TOOLS.extend([
    Tool(
        name="get_stock_price",
        domain="finance",
        description="Get the current stock price of a company",
        params=(P("company", "string", "The company name, e.g. Apple"),),
        sample=_company_sample,
        requests=(
            "What's the current stock price of {company}?",
            "Can you check how {company} stock is trading today?",
            "Hi, I'd like to know the stock price of {company}.",
            "I'm keeping an eye on my portfolio. What's {company} trading at right now?",
        ),
        respond=lambda a, rng: {"price": _num(money(rng, 20, 900)), "currency": "USD",
                                "change_percent": round(rng.uniform(-4, 4), 2)},
        answers=(
            "The current stock price of {company} is {price} {currency} ({change_percent}% today).",
            "{company} is trading at {price} {currency} right now, a change of {change_percent}% on the day.",
        ),
    ),
    Tool(
        name="get_stock_history",
        domain="finance",
        description="Get how a company's stock price moved over a past period",
        params=(
            P("company", "string", "The company name, e.g. Apple"),
            P("period", "string", "How far back to look", enum=("week", "month", "year")),
        ),
        sample=_stock_history_sample,
        requests=(
            "How has {company} stock done over the past {period}?",
            "Show me {company}'s share price history for the last {period}.",
            "I'm thinking of investing in {company}. How did the stock move over the last {period}?",
        ),
        respond=_stock_history_respond,
        answers=(
            "Over the past {period}, {company} went from ${start_price} to ${end_price}, a change of "
            "{change_percent}%. It traded between ${low} and ${high}.",
            "{company} moved {change_percent}% over the last {period}: from ${start_price} to ${end_price}.",
        ),
    ),
    Tool(
        name="calculate_loan_payment",
        domain="finance",
        description="Calculate the monthly payment of a fixed-rate loan",
        params=(
            P("principal", "number", "The amount borrowed"),
            P("annual_rate", "number", "The annual interest rate in percent"),
            P("term_years", "integer", "The loan term in years"),
        ),
        sample=_loan_sample,
        requests=(
            "I want to borrow ${principal} at {annual_rate}% interest for {term_years} years. "
            "What would my monthly payment be?",
            "Calculate the monthly payment on a {principal} loan at {annual_rate}% over {term_years} years.",
            "What's the monthly repayment for a loan of {principal} dollars with an annual rate of {annual_rate}% "
            "and a {term_years}-year term?",
        ),
        respond=_loan_respond,
        answers=(
            "Your monthly payment would be ${monthly_payment}. Over {term_years} years you'd pay "
            "${total_interest} in interest, ${total_paid} in total.",
            "For a {principal} loan at {annual_rate}% over {term_years} years, the monthly payment is "
            "${monthly_payment}.",
        ),
    ),
    Tool(
        name="calculate_compound_interest",
        domain="finance",
        description="Calculate how an investment grows with compound interest",
        params=(
            P("principal", "number", "The amount invested"),
            P("annual_rate", "number", "The annual interest rate in percent"),
            P("years", "integer", "How many years the money is invested"),
            P("compounding", "string", "How often interest is compounded", required=False,
              enum=("monthly", "quarterly", "annually")),
        ),
        sample=_compound_sample,
        requests=(
            "If I invest ${principal} at {annual_rate}% a year, how much will I have after {years} years?",
            "Calculate compound interest on {principal} dollars at {annual_rate}% for {years} years.",
            "How much will ${principal} grow to in {years} years at {annual_rate}% compounded {compounding}?",
            "Work out the compound interest on {principal} at an annual rate of {annual_rate}%, compounded "
            "{compounding}, over {years} years.",
        ),
        respond=_compound_respond,
        answers=(
            "After {years} years, your ${principal} would grow to ${final_amount}, earning ${interest_earned} "
            "in interest.",
            "At {annual_rate}% for {years} years, {principal} becomes {final_amount}: {interest_earned} of "
            "interest.",
        ),
    ),
    Tool(
        name="calculate_mortgage",
        domain="finance",
        description="Calculate the monthly payment of a home mortgage",
        params=(
            P("home_price", "number", "The purchase price"),
            P("down_payment", "number", "The down payment"),
            P("annual_rate", "number", "The annual interest rate in percent"),
            P("term_years", "integer", "The mortgage term in years"),
        ),
        sample=_mortgage_sample,
        requests=(
            "I'm buying a ${home_price} house with ${down_payment} down. At {annual_rate}% over {term_years} "
            "years, what's my monthly mortgage payment?",
            "Calculate the mortgage on a {home_price} home, {down_payment} down payment, {annual_rate}% interest, "
            "{term_years}-year term.",
            "What would I pay per month for a {term_years}-year mortgage at {annual_rate}% on a house costing "
            "{home_price} if I put down {down_payment}?",
        ),
        respond=_mortgage_respond,
        answers=(
            "With ${down_payment} down, you'd borrow ${loan_amount}. Your monthly payment would be "
            "${monthly_payment}, with ${total_interest} in total interest over {term_years} years.",
            "Your mortgage payment would be about ${monthly_payment} a month on a loan of ${loan_amount}.",
        ),
    ),
])


# --- weather -----------------------------------------------------------------------


def _forecast_sample(rng):
    args, say = {}, {}
    _put(args, say, "location", rng.choice(CITIES))
    _put(args, say, "days", rng.choice((2, 3, 5, 7)))
    if maybe(rng, 0.4):
        _put(args, say, "unit", rng.choice(("celsius", "fahrenheit")))
    return args, say


def _forecast_respond(a, rng):
    unit = a.get("unit", "celsius")
    high = rng.randint(8, 33)
    low = high - rng.randint(4, 11)
    if unit == "fahrenheit":
        high, low = round(high * 9 / 5 + 32), round(low * 9 / 5 + 32)
    return {"high": high, "low": low, "unit": unit, "rain_chance": rng.randint(0, 90),
            "condition": rng.choice(["sunny", "partly cloudy", "cloudy", "showery", "clear"])}


def _air_quality_sample(rng):
    args, say = {}, {}
    _put(args, say, "location", rng.choice(CITIES))
    if maybe(rng):
        flag = rng.random() < 0.6
        _put(args, say, "include_pollutants", flag,
             "including the pollutant breakdown" if flag else "without the pollutant breakdown")
    return args, say


def _air_quality_respond(a, rng):
    aqi = rng.randint(12, 180)
    category = ("good" if aqi <= 50 else "moderate" if aqi <= 100
                else "unhealthy for sensitive groups" if aqi <= 150 else "unhealthy")
    return {"aqi": aqi, "category": category, "main_pollutant": rng.choice(["PM2.5", "ozone", "NO2", "PM10"])}


def _uv_sample(rng):
    args, say = {}, {}
    _put(args, say, "location", rng.choice(CITIES))
    if maybe(rng):
        _put(args, say, "date", _date(rng))
    return args, say


def _uv_respond(a, rng):
    uv = rng.randint(1, 11)
    risk = "low" if uv <= 2 else "moderate" if uv <= 5 else "high" if uv <= 7 else "very high"
    return {"uv_index": uv, "risk_level": risk, "peak_hours": rng.choice(["11:00-15:00", "12:00-16:00"])}


TOOLS.extend([
    Tool(
        name="get_weather_forecast",
        domain="weather",
        description="Get the weather forecast for a city for the next few days",
        params=(
            P("location", "string", "The city, e.g. Paris"),
            P("days", "integer", "How many days ahead to forecast, 1 to 7"),
            P("unit", "string", "The temperature unit", required=False, enum=("celsius", "fahrenheit")),
        ),
        sample=_forecast_sample,
        requests=(
            "What's the forecast for {location} for the next {days} days?",
            "I'm planning a trip to {location}. What will the weather be like over the next {days} days?",
            "Give me a {days}-day weather forecast for {location}.",
            "Can I get the {days}-day forecast for {location} in {unit}?",
            "What's the weather going to be like in {location} over the next {days} days? "
            "Temperatures in {unit}, please.",
        ),
        respond=_forecast_respond,
        answers=(
            "Over the next {days} days in {location}, expect mostly {condition} weather with highs around {high} "
            "and lows near {low} degrees {unit}. The chance of rain is {rain_chance}%.",
            "The {days}-day forecast for {location}: {condition}, highs of {high} and lows of {low} degrees {unit}, "
            "with a {rain_chance}% chance of rain.",
        ),
    ),
    Tool(
        name="get_air_quality",
        domain="weather",
        description="Get the current air quality index for a city",
        params=(
            P("location", "string", "The city, e.g. Paris"),
            P("include_pollutants", "boolean", "Whether to list individual pollutants", required=False),
        ),
        sample=_air_quality_sample,
        requests=(
            "How's the air quality in {location} today?",
            "Is the air in {location} clean enough to go running today? Check the air quality index.",
            "Check the air quality in {location}, {include_pollutants}.",
            "I'd like the current air quality report for {location}, {include_pollutants}.",
        ),
        respond=_air_quality_respond,
        answers=(
            "The air quality index in {location} is {aqi}, which is considered {category}. "
            "The main pollutant is {main_pollutant}.",
            "Right now {location} has an AQI of {aqi} ({category}), mostly from {main_pollutant}.",
        ),
    ),
    Tool(
        name="get_uv_index",
        domain="weather",
        description="Get the UV index for a city, today or on a given date",
        params=(
            P("location", "string", "The city, e.g. Paris"),
            P("date", "string", "The date, YYYY-MM-DD; today if omitted", required=False),
        ),
        sample=_uv_sample,
        requests=(
            "What's the UV index in {location} today?",
            "Do I need sunscreen in {location}? What's the UV index like?",
            "What will the UV index be in {location} on {date}?",
            "I'm going to the beach in {location} on {date}. How strong will the UV be?",
        ),
        respond=_uv_respond,
        answers=(
            "The UV index in {location} is {uv_index}, a {risk_level} risk, peaking between {peak_hours}.",
            "Expect a UV index of {uv_index} ({risk_level}) in {location}; it is strongest from {peak_hours}.",
        ),
    ),
])


# --- travel ------------------------------------------------------------------------


def _search_flights_sample(rng):
    args, say = {}, {}
    origin, destination = rng.sample(CITIES, 2)
    _put(args, say, "origin", origin)
    _put(args, say, "destination", destination)
    _put(args, say, "date", _date(rng))
    extra = _extra(rng, "cabin_class", "nonstop_only")
    if extra == "cabin_class":
        _put(args, say, "cabin_class", rng.choice(("economy", "premium economy", "business", "first")))
    elif extra == "nonstop_only":
        flag = rng.random() < 0.7
        _put(args, say, "nonstop_only", flag, "nonstop flights only" if flag else "connecting flights are fine")
    return args, say


def _flight_number(rng):
    return rng.choice(("AF", "BA", "LH", "UA", "DL", "JL", "QF", "AC")) + str(rng.randint(100, 9999))


def _search_flights_respond(a, rng):
    base = {"economy": 1, "premium economy": 1.8, "business": 3.5, "first": 6}[a.get("cabin_class", "economy")]
    hours = rng.randint(1, 14)
    return {"num_options": rng.randint(3, 25), "airline": rng.choice(AIRLINES), "flight_number": _flight_number(rng),
            "departure_time": _time(rng), "duration": f"{hours}h {rng.randint(0, 59):02d}m",
            "stops": 0 if a.get("nonstop_only") else rng.randint(0, 1),
            "cheapest_price": round(rng.uniform(90, 900) * base, 2)}


def _book_flight_sample(rng):
    args, say = {}, {}
    _put(args, say, "flight_number", _flight_number(rng))
    _put(args, say, "date", _date(rng))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    args["passenger"] = {"first_name": first, "last_name": last}
    say["first_name"], say["last_name"] = first, last
    if maybe(rng, 0.4):
        _put(args, say, "seat_preference", rng.choice(("window", "aisle")))
    return args, say


def _book_flight_respond(a, rng):
    letter = {"window": "A", "aisle": "C"}.get(a.get("seat_preference"), rng.choice("ABCDEF"))
    return {"confirmation_code": _code(rng, n=6, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
            "seat": f"{rng.randint(3, 38)}{letter}", "total_price": money(rng, 120, 1400), "status": "confirmed"}


def _search_hotels_sample(rng):
    args, say = {}, {}
    _put(args, say, "city", rng.choice(CITIES))
    _put(args, say, "check_in", _date(rng))
    _put(args, say, "nights", rng.randint(2, 7))
    extra = _extra(rng, "guests", "free_cancellation")
    if extra == "guests":
        _put(args, say, "guests", rng.randint(2, 5))
    elif extra == "free_cancellation":
        _put(args, say, "free_cancellation", True, "with free cancellation")
    return args, say


def _book_hotel_sample(rng):
    args, say = {}, {}
    _put(args, say, "hotel_name", rng.choice(HOTELS))
    _put(args, say, "check_in", _date(rng))
    _put(args, say, "nights", rng.randint(2, 7))
    _put(args, say, "room_type", rng.choice(("single", "double", "suite")))
    name = _person(rng)
    args["guest"] = {"name": name, "email": _email(name)}
    say["guest_name"], say["guest_email"] = name, _email(name)
    return args, say


def _book_hotel_respond(a, rng):
    rate = {"single": 90, "double": 140, "suite": 320}[a["room_type"]] * rng.uniform(0.8, 1.6)
    return {"confirmation_number": _code(rng, "HTL-"), "total_price": round(rate * a["nights"], 2),
            "status": "confirmed"}


def _advisory_sample(rng):
    args, say = {}, {}
    _put(args, say, "country", rng.choice(COUNTRIES))
    if maybe(rng):
        _put(args, say, "include_visa_info", True, "including visa requirements")
    return args, say


def _advisory_respond(a, rng):
    level = rng.choice((1, 1, 2, 2, 3))
    advice = {1: "exercise normal precautions", 2: "exercise increased caution", 3: "reconsider travel"}[level]
    return {"level": level, "advice": advice, "visa_required": rng.random() < 0.5, "last_updated": _date(rng)}


TOOLS.extend([
    Tool(
        name="search_flights",
        domain="travel",
        description="Search for available flights between two cities on a date",
        params=(
            P("origin", "string", "The departure city"),
            P("destination", "string", "The arrival city"),
            P("date", "string", "The departure date, YYYY-MM-DD"),
            P("cabin_class", "string", "The cabin class", required=False,
              enum=("economy", "premium economy", "business", "first")),
            P("nonstop_only", "boolean", "Only return nonstop flights", required=False),
        ),
        sample=_search_flights_sample,
        requests=(
            "Find me flights from {origin} to {destination} on {date}.",
            "Are there any flights from {origin} to {destination} on {date}?",
            "I'm planning a trip to {destination}. What flights leave {origin} on {date}?",
            "Search for {cabin_class} class flights from {origin} to {destination} on {date}.",
            "I need to fly {origin} to {destination} on {date} in {cabin_class} class. What's available?",
            "Look up flights from {origin} to {destination} on {date}, {nonstop_only}.",
            "I need to get from {origin} to {destination} on {date} ({nonstop_only}). What are my options?",
        ),
        respond=_search_flights_respond,
        answers=(
            "I found {num_options} flights from {origin} to {destination} on {date}. The cheapest is {airline} "
            "flight {flight_number} at ${cheapest_price}, departing at {departure_time} ({duration}).",
            "The best option from {origin} to {destination} on {date} is {airline} {flight_number}, leaving at "
            "{departure_time} with {stops} stop(s), for ${cheapest_price}.",
        ),
    ),
    Tool(
        name="book_flight",
        domain="travel",
        description="Book a seat on a specific flight for a passenger",
        params=(
            P("flight_number", "string", "The flight number, e.g. BA287"),
            P("date", "string", "The flight date, YYYY-MM-DD"),
            P("passenger", "object", "The passenger's name", properties=(
                P("first_name", "string", "First name"),
                P("last_name", "string", "Last name"),
            )),
            P("seat_preference", "string", "Preferred seat", required=False, enum=("window", "aisle")),
        ),
        sample=_book_flight_sample,
        requests=(
            "Please book flight {flight_number} on {date} for {first_name} {last_name}.",
            "I'd like to reserve a seat on {flight_number} on {date}. The passenger is {first_name} {last_name}.",
            "Book {first_name} {last_name} on flight {flight_number}, departing {date}.",
            "Book flight {flight_number} on {date} for {first_name} {last_name}, {seat_preference} seat please.",
            "Can you reserve {flight_number} on {date} for passenger {first_name} {last_name}? "
            "I'd prefer a seat by the {seat_preference}.",
        ),
        respond=_book_flight_respond,
        answers=(
            "Done! {first_name} {last_name} is booked on flight {flight_number} on {date}, seat {seat}. "
            "Your confirmation code is {confirmation_code}.",
            "Flight {flight_number} on {date} is confirmed for {first_name} {last_name} (seat {seat}, "
            "${total_price}). Confirmation code: {confirmation_code}.",
        ),
    ),
    Tool(
        name="search_hotels",
        domain="travel",
        description="Search for hotels in a city for given dates",
        params=(
            P("city", "string", "The city to stay in"),
            P("check_in", "string", "The check-in date, YYYY-MM-DD"),
            P("nights", "integer", "The number of nights"),
            P("guests", "integer", "The number of guests", required=False),
            P("free_cancellation", "boolean", "Only hotels with free cancellation", required=False),
        ),
        sample=_search_hotels_sample,
        requests=(
            "Find hotels in {city} from {check_in} for {nights} nights.",
            "I'm visiting {city} and need a hotel for {nights} nights starting {check_in}. What's available?",
            "Search for a hotel in {city} for {guests} guests, checking in {check_in} for {nights} nights.",
            "We're {guests} people looking for a place to stay in {city} from {check_in}, {nights} nights.",
            "Show me hotels in {city} {free_cancellation}, checking in on {check_in} for {nights} nights.",
            "I need a hotel in {city} for {nights} nights from {check_in}, ideally {free_cancellation}.",
        ),
        respond=lambda a, rng: {"num_results": rng.randint(4, 60), "top_hotel": rng.choice(HOTELS),
                                "price_per_night": money(rng, 60, 380), "rating": round(rng.uniform(3.8, 4.9), 1),
                                "distance_to_center": f"{round(rng.uniform(0.2, 4.5), 1)} km"},
        answers=(
            "I found {num_results} hotels in {city}. The top pick is {top_hotel}, rated {rating}, at "
            "${price_per_night} per night.",
            "{top_hotel} looks best: {rating} stars, {distance_to_center} from the center of {city}, "
            "${price_per_night} a night for your {nights} nights.",
        ),
    ),
    Tool(
        name="book_hotel",
        domain="travel",
        description="Book a room at a specific hotel",
        params=(
            P("hotel_name", "string", "The hotel's name"),
            P("check_in", "string", "The check-in date, YYYY-MM-DD"),
            P("nights", "integer", "The number of nights"),
            P("room_type", "string", "The room type", enum=("single", "double", "suite")),
            P("guest", "object", "Who the booking is for", properties=(
                P("name", "string", "The guest's full name"),
                P("email", "string", "The guest's email address"),
            )),
        ),
        sample=_book_hotel_sample,
        requests=(
            "Book a {room_type} room at {hotel_name} for {nights} nights from {check_in}. "
            "The reservation is for {guest_name}, email {guest_email}.",
            "Please reserve a {room_type} at {hotel_name}, checking in {check_in} for {nights} nights, under the "
            "name {guest_name} ({guest_email}).",
            "I'd like to book {hotel_name}: {room_type} room, {nights} nights starting {check_in}. "
            "Guest: {guest_name}, {guest_email}.",
        ),
        respond=_book_hotel_respond,
        answers=(
            "Your {room_type} room at {hotel_name} is booked for {nights} nights from {check_in}. Confirmation "
            "number {confirmation_number}, total ${total_price}. A confirmation was sent to {guest_email}.",
            "All set, {guest_name}! {hotel_name} is reserved from {check_in} ({nights} nights, {room_type}). "
            "Confirmation: {confirmation_number}.",
        ),
    ),
    Tool(
        name="get_travel_advisory",
        domain="travel",
        description="Get the official travel advisory for a country",
        params=(
            P("country", "string", "The destination country"),
            P("include_visa_info", "boolean", "Also report visa requirements", required=False),
        ),
        sample=_advisory_sample,
        requests=(
            "Is it safe to travel to {country} right now?",
            "What's the current travel advisory for {country}?",
            "I'm planning a trip to {country}. What's the travel advisory, {include_visa_info}?",
            "Check the travel advice for {country}, {include_visa_info}.",
        ),
        respond=_advisory_respond,
        answers=(
            "The current advisory for {country} is level {level}: {advice}. It was last updated on {last_updated}.",
            "For {country}, the advice is to {advice} (level {level}, updated {last_updated}).",
        ),
    ),
])


# --- food and recipes --------------------------------------------------------------


def _search_recipes_sample(rng):
    args, say = {}, {}
    items = rng.sample(INGREDIENTS, rng.randint(2, 3))
    _put(args, say, "ingredients", items, _and(items))
    extra = _extra(rng, "cuisine", "max_time")
    if extra == "cuisine":
        _put(args, say, "cuisine", rng.choice(CUISINES))
    elif extra == "max_time":
        _put(args, say, "max_time", rng.choice((15, 20, 30, 45, 60)))
    return args, say


def _search_recipes_respond(a, rng):
    dish = rng.choice(("stir-fry", "casserole", "curry", "skillet", "salad", "pasta bake", "soup"))
    prep = rng.randint(10, a.get("max_time", 75))
    return {"num_recipes": rng.randint(3, 40), "recipe_name": f"{dish.capitalize()} with {a['ingredients'][0]}",
            "prep_time": f"{prep} minutes", "difficulty": rng.choice(("easy", "moderate"))}


def _nutrition_sample(rng):
    args, say = {}, {}
    _put(args, say, "food", rng.choice(sorted(FOODS)))
    if maybe(rng):
        _put(args, say, "serving_grams", rng.choice((50, 150, 200, 250)))
    return args, say


def _nutrition_respond(a, rng):
    grams = a.get("serving_grams", 100)
    kcal, protein, carbs, fat = (v * grams / 100 for v in FOODS[a["food"]])
    return {"grams": grams, "calories": round(kcal), "protein_g": _num(round(protein, 1)),
            "carbs_g": _num(round(carbs, 1)), "fat_g": _num(round(fat, 1))}


def _order_food_sample(rng):
    args, say = {}, {}
    _put(args, say, "restaurant", rng.choice(RESTAURANTS))
    items = rng.sample(DISHES, rng.randint(1, 3))
    _put(args, say, "items", items, _and(items))
    street, city = rng.choice(STREETS), rng.choice(CITIES)
    args["delivery_address"] = {"street": street, "city": city}
    say["street"], say["city"] = street, city
    return args, say


def _find_restaurants_sample(rng):
    args, say = {}, {}
    _put(args, say, "city", rng.choice(CITIES))
    _put(args, say, "cuisine", rng.choice(CUISINES))
    extra = _extra(rng, "price_range", "open_now")
    if extra == "price_range":
        _put(args, say, "price_range", rng.choice(("cheap", "moderate", "expensive")))
    elif extra == "open_now":
        _put(args, say, "open_now", True, "open now")
    return args, say


def _book_table_sample(rng):
    args, say = {}, {}
    _put(args, say, "restaurant", rng.choice(RESTAURANTS))
    _put(args, say, "date", _date(rng))
    _put(args, say, "time", f"{rng.randint(18, 21)}:{rng.choice(('00', '30'))}")
    _put(args, say, "party_size", rng.randint(2, 8))
    return args, say


TOOLS.extend([
    Tool(
        name="search_recipes",
        domain="food",
        description="Search for recipes that use given ingredients",
        params=(
            P("ingredients", "array", "Ingredients the recipe should use", items="string"),
            P("cuisine", "string", "A cuisine, e.g. Italian", required=False),
            P("max_time", "integer", "Maximum preparation time in minutes", required=False),
        ),
        sample=_search_recipes_sample,
        requests=(
            "What can I cook with {ingredients}?",
            "Find me a recipe that uses {ingredients}.",
            "I have {ingredients} in the fridge. Any recipe ideas?",
            "Find {cuisine} recipes using {ingredients}.",
            "I'd like to make something {cuisine} with {ingredients}. Any ideas?",
            "Find a recipe with {ingredients} that takes at most {max_time} minutes.",
            "I only have {max_time} minutes. What can I make with {ingredients}?",
        ),
        respond=_search_recipes_respond,
        answers=(
            "I found {num_recipes} recipes with {ingredients}. A good one is {recipe_name}, which takes about "
            "{prep_time} and is {difficulty} to make.",
            "How about {recipe_name}? It uses {ingredients}, takes {prep_time}, and is {difficulty}.",
        ),
    ),
    Tool(
        name="get_nutrition_info",
        domain="food",
        description="Get calories and macronutrients for a food",
        params=(
            P("food", "string", "The food, e.g. banana"),
            P("serving_grams", "integer", "Serving size in grams; 100 if omitted", required=False),
        ),
        sample=_nutrition_sample,
        requests=(
            "How many calories are in {food}?",
            "What's the nutritional info for {food}?",
            "How many calories are in {serving_grams} grams of {food}?",
            "I'm tracking my macros. Give me the nutrition facts for {serving_grams}g of {food}.",
        ),
        respond=_nutrition_respond,
        answers=(
            "{grams} g of {food} has about {calories} calories, with {protein_g} g protein, {carbs_g} g carbs "
            "and {fat_g} g fat.",
            "A {grams} g serving of {food}: {calories} kcal, {protein_g} g protein, {carbs_g} g carbohydrates, "
            "{fat_g} g fat.",
        ),
    ),
    Tool(
        name="order_food",
        domain="food",
        description="Order food for delivery from a restaurant",
        params=(
            P("restaurant", "string", "The restaurant's name"),
            P("items", "array", "The dishes to order", items="string"),
            P("delivery_address", "object", "Where to deliver", properties=(
                P("street", "string", "Street and number"),
                P("city", "string", "City"),
            )),
        ),
        sample=_order_food_sample,
        requests=(
            "Order {items} from {restaurant} to {street}, {city}.",
            "I'm hungry! Can you get me {items} from {restaurant}? Deliver to {street} in {city}.",
            "Please place an order at {restaurant} for {items}, delivered to {street}, {city}.",
        ),
        respond=lambda a, rng: {"order_id": _code(rng, "ORD-"), "total": money(rng, 12, 70),
                                "eta": f"{rng.randint(20, 55)} minutes", "status": "placed"},
        answers=(
            "Your order from {restaurant} ({items}) has been placed. Order {order_id}, total ${total}, arriving "
            "at {street} in about {eta}.",
            "Done! {restaurant} is preparing {items}. It should reach {street}, {city} in {eta}. "
            "Total: ${total}.",
        ),
    ),
    Tool(
        name="find_restaurants",
        domain="food",
        description="Find restaurants of a given cuisine in a city",
        params=(
            P("city", "string", "The city to search in"),
            P("cuisine", "string", "The cuisine, e.g. Thai"),
            P("price_range", "string", "The price level", required=False, enum=("cheap", "moderate", "expensive")),
            P("open_now", "boolean", "Only places that are open now", required=False),
        ),
        sample=_find_restaurants_sample,
        requests=(
            "Find {cuisine} restaurants in {city}.",
            "Any good {cuisine} places to eat in {city}?",
            "I'm looking for {cuisine} restaurants in {city} in the {price_range} price range.",
            "Find me {cuisine} food in {city}, something {price_range}.",
            "Which {cuisine} restaurants in {city} are {open_now}?",
            "I want {cuisine} food in {city}. Show me places that are {open_now}.",
        ),
        respond=lambda a, rng: {
            "num_results": rng.randint(3, 45),
            "top_restaurant": f"{rng.choice(('The Golden', 'Little', 'Casa', 'Blue', 'Old Town'))} "
                              f"{rng.choice(('Kitchen', 'Bistro', 'Table', 'House', 'Corner'))}",
            "rating": round(rng.uniform(4.0, 4.9), 1), "address": rng.choice(STREETS)},
        answers=(
            "I found {num_results} {cuisine} restaurants in {city}. The top-rated is {top_restaurant} at "
            "{address}, with a rating of {rating}.",
            "Try {top_restaurant} at {address}: it's one of the best {cuisine} spots in {city} ({rating} stars).",
        ),
    ),
    Tool(
        name="book_table",
        domain="food",
        description="Reserve a table at a restaurant",
        params=(
            P("restaurant", "string", "The restaurant's name"),
            P("date", "string", "The date, YYYY-MM-DD"),
            P("time", "string", "The time, HH:MM"),
            P("party_size", "integer", "The number of people"),
        ),
        sample=_book_table_sample,
        requests=(
            "Book a table for {party_size} at {restaurant} on {date} at {time}.",
            "Can you reserve {restaurant} for {party_size} people on {date}, {time}?",
            "We're celebrating! Please get us a table for {party_size} at {restaurant} on {date} at {time}.",
        ),
        respond=lambda a, rng: {"reservation_id": _code(rng, "RES-"), "status": "confirmed",
                                "table_number": rng.randint(1, 40)},
        answers=(
            "Your table for {party_size} at {restaurant} on {date} at {time} is confirmed. "
            "Reservation ID: {reservation_id}.",
            "Booked! {restaurant} expects {party_size} guests on {date} at {time} (reservation {reservation_id}).",
        ),
    ),
])


# --- health and fitness ------------------------------------------------------------


def _bmi_sample(rng):
    args, say = {}, {}
    _put(args, say, "weight_kg", rng.choice((52, 58.5, 63, 68, 72.5, 77, 81.3, 88, 95, 104)))
    _put(args, say, "height_cm", rng.randint(152, 196))
    return args, say


def _bmi_respond(a, rng):
    bmi = round(a["weight_kg"] / (a["height_cm"] / 100) ** 2, 1)
    category = "underweight" if bmi < 18.5 else "normal" if bmi < 25 else "overweight" if bmi < 30 else "obese"
    return {"bmi": bmi, "category": category}


def _log_workout_sample(rng):
    args, say = {}, {}
    activity = rng.choice(ACTIVITIES)
    _put(args, say, "activity", activity)
    _put(args, say, "duration_minutes", rng.choice((20, 30, 40, 45, 60, 75, 90)))
    if activity in ("running", "cycling", "swimming", "walking") and maybe(rng, 0.6):
        kmh = {"running": (8, 13), "cycling": (15, 27), "swimming": (2, 3.5), "walking": (4, 6)}[activity]
        km = rng.uniform(*kmh) * args["duration_minutes"] / 60
        _put(args, say, "distance_km", _num(round(km, rng.choice((0, 1)) if km >= 3 else 1)))
    return args, say


def _log_workout_respond(a, rng):
    return {"workout_id": _code(rng, "WK-", 5), "weekly_total_minutes": a["duration_minutes"] + rng.randint(0, 240),
            "calories_burned": round(METS[a["activity"]] * 70 * a["duration_minutes"] / 60)}


def _calories_sample(rng):
    args, say = {}, {}
    _put(args, say, "activity", rng.choice(ACTIVITIES))
    _put(args, say, "duration_minutes", rng.choice((15, 20, 30, 45, 60, 90)))
    if maybe(rng):
        _put(args, say, "weight_kg", rng.choice((55, 62, 68.5, 74, 80, 85.5, 92)))
    return args, say


def _find_doctor_sample(rng):
    args, say = {}, {}
    _put(args, say, "specialty", rng.choice(SPECIALTIES))
    _put(args, say, "city", rng.choice(CITIES))
    if maybe(rng):
        _put(args, say, "accepts_new_patients", True, "accepting new patients")
    return args, say


TOOLS.extend([
    Tool(
        name="calculate_bmi",
        domain="health",
        description="Calculate body mass index from weight and height",
        params=(
            P("weight_kg", "number", "Body weight in kilograms"),
            P("height_cm", "number", "Height in centimeters"),
        ),
        sample=_bmi_sample,
        requests=(
            "I weigh {weight_kg} kg and I'm {height_cm} cm tall. What's my BMI?",
            "Calculate the BMI for someone who is {height_cm} cm and {weight_kg} kg.",
            "What's my body mass index? Height {height_cm} cm, weight {weight_kg} kg.",
        ),
        respond=_bmi_respond,
        answers=(
            "Your BMI is {bmi}, which falls in the {category} range.",
            "At {weight_kg} kg and {height_cm} cm, your BMI is {bmi} ({category}).",
        ),
    ),
    Tool(
        name="log_workout",
        domain="health",
        description="Log a completed workout in the user's fitness diary",
        params=(
            P("activity", "string", "The type of workout", enum=ACTIVITIES),
            P("duration_minutes", "integer", "How long it lasted, in minutes"),
            P("distance_km", "number", "Distance covered in kilometers", required=False),
        ),
        sample=_log_workout_sample,
        requests=(
            "Log a {duration_minutes}-minute {activity} workout.",
            "I just did {duration_minutes} minutes of {activity}. Please log it.",
            "Add {activity} to my fitness diary: {duration_minutes} minutes.",
            "Log my {activity}: {distance_km} km in {duration_minutes} minutes.",
            "Record a {activity} session of {distance_km} km. It took me {duration_minutes} minutes.",
        ),
        respond=_log_workout_respond,
        answers=(
            "Logged your {activity} workout of {duration_minutes} minutes. You burned about {calories_burned} "
            "calories and have {weekly_total_minutes} active minutes this week.",
            "Nice work! Your {duration_minutes} minutes of {activity} are saved ({calories_burned} kcal).",
        ),
    ),
    Tool(
        name="estimate_calories_burned",
        domain="health",
        description="Estimate the calories burned by an activity",
        params=(
            P("activity", "string", "The type of activity", enum=ACTIVITIES),
            P("duration_minutes", "integer", "Duration in minutes"),
            P("weight_kg", "number", "Body weight in kilograms; 70 if omitted", required=False),
        ),
        sample=_calories_sample,
        requests=(
            "How many calories do I burn doing {activity} for {duration_minutes} minutes?",
            "Estimate the calories burned by {duration_minutes} minutes of {activity}.",
            "I weigh {weight_kg} kg. How many calories would {duration_minutes} minutes of {activity} burn?",
            "Estimate calories burned for {activity}, {duration_minutes} minutes, body weight {weight_kg} kg.",
        ),
        respond=lambda a, rng: {
            "calories": round(METS[a["activity"]] * a.get("weight_kg", 70) * a["duration_minutes"] / 60)},
        answers=(
            "{duration_minutes} minutes of {activity} burns roughly {calories} calories.",
            "You'd burn about {calories} calories with {duration_minutes} minutes of {activity}.",
        ),
    ),
    Tool(
        name="find_doctor",
        domain="health",
        description="Find a doctor of a given specialty in a city",
        params=(
            P("specialty", "string", "The specialty, e.g. dentist"),
            P("city", "string", "The city to search in"),
            P("accepts_new_patients", "boolean", "Only doctors taking new patients", required=False),
        ),
        sample=_find_doctor_sample,
        requests=(
            "Find a {specialty} in {city}.",
            "I need to see a {specialty}. Who's available in {city}?",
            "Find me a {specialty} in {city} who is {accepts_new_patients}.",
            "Are there any {specialty}s in {city} {accepts_new_patients}?",
        ),
        respond=lambda a, rng: {"doctor_name": f"Dr. {_person(rng)}",
                                "clinic": f"{rng.choice(LAST_NAMES)} {rng.choice(('Clinic', 'Medical Center'))}",
                                "next_available": _date(rng), "rating": round(rng.uniform(4.1, 5.0), 1)},
        answers=(
            "{doctor_name} at {clinic} is a well-rated {specialty} ({rating} stars) in {city}. The next "
            "available appointment is on {next_available}.",
            "I found {doctor_name} ({clinic}), a {specialty} in {city}, with openings from {next_available}.",
        ),
    ),
])


# --- entertainment and movies ------------------------------------------------------


def _movie_sample(rng):
    title = rng.choice(sorted(MOVIES))
    return {"title": title}, {"title": title}


def _movie_details_respond(a, rng):
    year, director, genre, runtime = MOVIES.get(a["title"], (rng.randint(1980, 2024), _person(rng), "drama", 120))
    return {"year": year, "director": director, "genre": genre, "runtime_minutes": runtime,
            "rating": round(rng.uniform(7.5, 9.2), 1)}


def _search_movies_sample(rng):
    args, say = {}, {}
    _put(args, say, "genre", rng.choice(GENRES))
    extra = _extra(rng, "year", "min_rating")
    if extra == "year":
        _put(args, say, "year", rng.randint(1990, 2024))
    elif extra == "min_rating":
        _put(args, say, "min_rating", rng.choice((6.5, 7, 7.5, 8)))
    return args, say


def _showtimes_sample(rng):
    args, say = _movie_sample(rng)
    _put(args, say, "city", rng.choice(CITIES))
    if maybe(rng):
        _put(args, say, "date", _date(rng))
    return args, say


def _showtimes_respond(a, rng):
    times = sorted(rng.sample(("12:15", "14:00", "15:30", "17:45", "19:00", "20:30", "21:45"), 3))
    return {"cinema": rng.choice(CINEMAS), "showtimes": _and(times), "ticket_price": _price(rng, 8, 16)}


def _movie_tickets_sample(rng):
    args, say = _movie_sample(rng)
    _put(args, say, "cinema", rng.choice(CINEMAS))
    _put(args, say, "showtime", rng.choice(("14:00", "17:45", "19:00", "20:30", "21:45")))
    _put(args, say, "tickets", rng.randint(2, 6))
    if maybe(rng, 0.4):
        _put(args, say, "seat_type", rng.choice(("standard", "premium", "recliner")))
    return args, say


def _movie_tickets_respond(a, rng):
    each = {"standard": 12.5, "premium": 16, "recliner": 19.5}[a.get("seat_type", "standard")]
    return {"booking_reference": _code(rng, "TK", 7), "total_price": _num(round(each * a["tickets"], 2)),
            "row": rng.choice("DEFGHJK")}


TOOLS.extend([
    Tool(
        name="get_movie_details",
        domain="entertainment",
        description="Get details about a movie by its title",
        params=(P("title", "string", "The movie title"),),
        sample=_movie_sample,
        requests=(
            "Can you tell me about the movie {title}?",
            "Who directed {title} and when did it come out?",
            "I'm thinking of watching {title} tonight. What can you tell me about it?",
            "Give me the details of the film {title}.",
        ),
        respond=_movie_details_respond,
        answers=(
            "{title} is a {year} {genre} film directed by {director}. It runs {runtime_minutes} minutes and has "
            "a rating of {rating}/10.",
            "{title} came out in {year} and was directed by {director}. Genre: {genre}; runtime: "
            "{runtime_minutes} minutes; rating: {rating}/10.",
        ),
    ),
    Tool(
        name="search_movies",
        domain="entertainment",
        description="Search for movies by genre",
        params=(
            P("genre", "string", "The genre", enum=GENRES),
            P("year", "integer", "Release year", required=False),
            P("min_rating", "number", "Minimum rating out of 10", required=False),
        ),
        sample=_search_movies_sample,
        requests=(
            "Recommend some {genre} movies.",
            "I'm in the mood for {genre}. Which movies would you suggest?",
            "Find {genre} movies from {year}.",
            "What were the best {genre} films of {year}?",
            "Show me {genre} movies rated at least {min_rating}.",
            "I want to watch {genre} films with a rating of {min_rating} or higher.",
        ),
        respond=lambda a, rng: {"num_results": rng.randint(5, 80), "top_result": rng.choice(FILM_TITLES),
                                "top_rating": round(rng.uniform(max(7.0, a.get("min_rating", 0)), 9.0), 1)},
        answers=(
            "I found {num_results} {genre} movies. The top pick is {top_result}, rated {top_rating}/10.",
            "You might enjoy {top_result} ({top_rating}/10), the best match among {num_results} {genre} titles.",
        ),
    ),
    Tool(
        name="get_showtimes",
        domain="entertainment",
        description="Get cinema showtimes for a movie in a city",
        params=(
            P("title", "string", "The movie title"),
            P("city", "string", "The city"),
            P("date", "string", "The date, YYYY-MM-DD; today if omitted", required=False),
        ),
        sample=_showtimes_sample,
        requests=(
            "When is {title} playing in {city}?",
            "Find showtimes for {title} in {city}.",
            "What are the showtimes for {title} in {city} on {date}?",
            "I want to see {title} on {date}. Where is it showing in {city}?",
        ),
        respond=_showtimes_respond,
        answers=(
            "{title} is showing at {cinema} in {city} at {showtimes}. Tickets cost ${ticket_price}.",
            "You can catch {title} at {cinema} ({city}) at {showtimes}.",
        ),
    ),
    Tool(
        name="book_movie_tickets",
        domain="entertainment",
        description="Book cinema tickets for a specific showing",
        params=(
            P("title", "string", "The movie title"),
            P("cinema", "string", "The cinema's name"),
            P("showtime", "string", "The showing's start time, HH:MM"),
            P("tickets", "integer", "The number of tickets"),
            P("seat_type", "string", "The seat type", required=False, enum=("standard", "premium", "recliner")),
        ),
        sample=_movie_tickets_sample,
        requests=(
            "Book {tickets} tickets for {title} at {cinema}, the {showtime} show.",
            "Can you get me {tickets} seats for the {showtime} screening of {title} at {cinema}?",
            "Reserve {tickets} {seat_type} seats for {title} at {cinema} at {showtime}.",
            "I'd like {tickets} tickets for {title}, {showtime} at {cinema}, {seat_type} seating please.",
        ),
        respond=_movie_tickets_respond,
        answers=(
            "Booked! {tickets} tickets for {title} at {cinema} ({showtime}), row {row}. Reference: "
            "{booking_reference}, total ${total_price}.",
            "Your {tickets} seats for the {showtime} showing of {title} at {cinema} are confirmed "
            "(booking {booking_reference}).",
        ),
    ),
])


# --- music -------------------------------------------------------------------------


def _artist_sample(rng):
    artist = rng.choice(sorted(ARTISTS))
    return {"artist": artist}, {"artist": artist}


def _search_songs_sample(rng):
    args, say = _artist_sample(rng)
    if maybe(rng):
        _put(args, say, "limit", rng.choice((3, 5, 10)))
    return args, say


def _playlist_sample(rng):
    args, say = {}, {}
    _put(args, say, "name", rng.choice(PLAYLIST_NAMES))
    songs = rng.sample(sorted(s for _, _, ss in ARTISTS.values() for s in ss), rng.randint(2, 4))
    _put(args, say, "songs", songs, _and(songs))
    if maybe(rng):
        flag = rng.random() < 0.5
        _put(args, say, "public", flag, "make it public" if flag else "keep it private")
    return args, say


def _play_song_sample(rng):
    artist = rng.choice(sorted(ARTISTS))
    args, say = {}, {}
    _put(args, say, "song", rng.choice(ARTISTS[artist][2]))
    extra = _extra(rng, "artist", "volume")
    if extra == "artist":
        _put(args, say, "artist", artist)
    elif extra == "volume":
        _put(args, say, "volume", rng.choice((20, 30, 40, 50, 60, 75)))
    return args, say


TOOLS.extend([
    Tool(
        name="search_songs",
        domain="music",
        description="Find popular songs by an artist",
        params=(
            P("artist", "string", "The artist or band"),
            P("limit", "integer", "How many songs to return", required=False),
        ),
        sample=_search_songs_sample,
        requests=(
            "Find songs by {artist}.",
            "What are some popular songs by {artist}?",
            "Show me the top {limit} songs by {artist}.",
            "List {limit} tracks from {artist}.",
        ),
        respond=lambda a, rng: {"num_results": a.get("limit", 20),
                                "top_song": ARTISTS.get(a["artist"], ("", "", ("Unknown",)))[2][0]},
        answers=(
            "I found {num_results} songs by {artist}. The most popular is {top_song}.",
            "Here are {num_results} tracks by {artist}, led by {top_song}.",
        ),
    ),
    Tool(
        name="create_playlist",
        domain="music",
        description="Create a playlist with the given songs",
        params=(
            P("name", "string", "The playlist name"),
            P("songs", "array", "Song titles to add", items="string"),
            P("public", "boolean", "Whether others can see the playlist", required=False),
        ),
        sample=_playlist_sample,
        requests=(
            "Create a playlist called {name} with {songs}.",
            "Can you make a playlist named {name}? Add {songs}.",
            "Create a playlist called {name} with {songs}, and {public}.",
            "Make a new playlist named {name} containing {songs}. Please {public}.",
        ),
        respond=lambda a, rng: {"playlist_id": _code(rng, "PL", 8), "num_tracks": len(a["songs"]),
                                "total_duration": f"{sum(rng.randint(3, 5) for _ in a['songs'])} minutes"},
        answers=(
            "Your playlist {name} is ready with {num_tracks} tracks ({total_duration}).",
            "Done! {name} now has {songs}, {num_tracks} songs in all.",
        ),
    ),
    Tool(
        name="get_artist_info",
        domain="music",
        description="Get background information about a music artist",
        params=(P("artist", "string", "The artist or band"),),
        sample=_artist_sample,
        requests=(
            "Tell me about {artist}.",
            "Who is {artist}? What kind of music do they make?",
            "Give me some info on the artist {artist}.",
        ),
        respond=lambda a, rng: {
            "genre": ARTISTS.get(a["artist"], ("pop",))[0], "origin": ARTISTS.get(a["artist"], ("", "Canada"))[1],
            "top_song": ARTISTS.get(a["artist"], ("", "", ("Unknown",)))[2][0],
            "monthly_listeners": f"{round(rng.uniform(8, 95), 1)} million"},
        answers=(
            "{artist} ({genre}, from {origin}) is best known for {top_song} and has about {monthly_listeners} "
            "monthly listeners.",
            "{artist} makes {genre} music and comes from {origin}. Start with {top_song}!",
        ),
    ),
    Tool(
        name="play_song",
        domain="music",
        description="Play a song on the user's speaker",
        params=(
            P("song", "string", "The song title"),
            P("artist", "string", "The artist, to disambiguate", required=False),
            P("volume", "integer", "Volume from 0 to 100", required=False),
        ),
        sample=_play_song_sample,
        requests=(
            "Play {song}.",
            "Can you put on {song}?",
            "Play {song} by {artist}.",
            "I want to hear {song} by {artist}.",
            "Play {song} at volume {volume}.",
            "Put on {song} and set the volume to {volume}.",
        ),
        respond=lambda a, rng: {"status": "playing", "duration": f"{rng.randint(2, 5)}:{rng.randint(0, 59):02d}",
                                "device": rng.choice(("living room speaker", "kitchen speaker", "phone"))},
        answers=(
            "Now playing {song} ({duration}) on the {device}.",
            "{song} is playing on your {device}. Enjoy!",
        ),
    ),
])


# --- sports ------------------------------------------------------------------------


def _league_of(team):
    return next((league for league, teams in LEAGUES.items() if team in teams), "Premier League")


def _team_sample(rng, optional, values):
    team = rng.choice(sorted(t for ts in LEAGUES.values() for t in ts))
    args, say = {"team": team}, {"team": team}
    if maybe(rng):
        _put(args, say, optional, values(rng))
    return args, say


def _match_score_respond(a, rng):
    league = _league_of(a["team"])
    opponent = rng.choice([t for t in LEAGUES[league] if t != a["team"]])
    if league == "NBA":
        ours, theirs = rng.sample(range(92, 131), 2)
    else:
        ours, theirs = rng.randint(0, 4), rng.randint(0, 3)
    result = "beat" if ours > theirs else "lost to" if ours < theirs else "drew with"
    return {"opponent": opponent, "score": f"{ours}-{theirs}", "result": result, "competition": league}


def _standings_sample(rng):
    args, say = {}, {}
    _put(args, say, "league", rng.choice(sorted(LEAGUES)))
    if maybe(rng):
        _put(args, say, "season", rng.choice(SEASONS))
    return args, say


def _standings_respond(a, rng):
    league = a["league"]
    first, second = rng.sample(LEAGUES[league], 2)
    full = {"NBA": 82, "Bundesliga": 34}.get(league, 38)
    played = full if "season" in a else rng.randint(10, full - 2)
    if league == "NBA":
        wins = round(played * rng.uniform(0.65, 0.8))
        record = f"{wins}-{played - wins}"
    else:
        wins = round(played * rng.uniform(0.6, 0.75))
        draws = rng.randint(0, played - wins)
        record = f"{wins} wins, {draws} draws, {played - wins - draws} losses"
    return {"leader": first, "second_place": second, "games_played": played, "leader_record": record}


def _player_sample(rng):
    args, say = {}, {}
    _put(args, say, "player", rng.choice(sorted(PLAYERS)))
    if maybe(rng):
        _put(args, say, "season", rng.choice(SEASONS))
    return args, say


def _player_respond(a, rng):
    team, stat = PLAYERS.get(a["player"], ("Free agent", "goals"))
    value = round(rng.uniform(18, 33), 1) if stat == "points per game" else rng.randint(8, 36)
    return {"team": team, "games_played": rng.randint(25, 75), "stat_name": stat, "stat_value": value}


def _upcoming_respond(a, rng):
    league = _league_of(a["team"])
    return {"next_opponent": rng.choice([t for t in LEAGUES[league] if t != a["team"]]), "next_date": _date(rng),
            "next_time": rng.choice(("15:00", "17:30", "19:30", "20:00")), "venue": rng.choice(("home", "away")),
            "num_matches": a.get("limit", 1)}


TOOLS.extend([
    Tool(
        name="get_match_score",
        domain="sports",
        description="Get the result of a team's most recent or dated match",
        params=(
            P("team", "string", "The team name"),
            P("date", "string", "The match date, YYYY-MM-DD; latest if omitted", required=False),
        ),
        sample=lambda rng: _team_sample(rng, "date", _date),
        requests=(
            "What was the score in the last {team} game?",
            "Did {team} win their last match?",
            "How did {team} do in their latest game?",
            "What was the score of the {team} game on {date}?",
            "Did {team} win on {date}?",
        ),
        respond=_match_score_respond,
        answers=(
            "{team} {result} {opponent}, {score} ({competition}).",
            "The final score was {team} {score} {opponent}.",
        ),
    ),
    Tool(
        name="get_team_standings",
        domain="sports",
        description="Get the league table for a competition",
        params=(
            P("league", "string", "The league", enum=tuple(sorted(LEAGUES))),
            P("season", "string", "The season, e.g. 2022-23; current if omitted", required=False),
        ),
        sample=_standings_sample,
        requests=(
            "Show me the current {league} standings.",
            "Who's leading the {league} right now?",
            "What were the final {league} standings in the {season} season?",
            "Who topped the {league} table in {season}?",
        ),
        respond=_standings_respond,
        answers=(
            "{leader} top the {league} after {games_played} games ({leader_record}), ahead of {second_place}.",
            "In the {league}, {leader} lead with a record of {leader_record}; {second_place} are second.",
        ),
    ),
    Tool(
        name="get_player_stats",
        domain="sports",
        description="Get a player's statistics for a season",
        params=(
            P("player", "string", "The player's full name"),
            P("season", "string", "The season, e.g. 2022-23; current if omitted", required=False),
        ),
        sample=_player_sample,
        requests=(
            "What are {player}'s stats this season?",
            "How is {player} playing this year?",
            "Show me {player}'s stats for the {season} season.",
            "How did {player} do in {season}?",
        ),
        respond=_player_respond,
        answers=(
            "{player} ({team}) has played {games_played} games with {stat_value} {stat_name}.",
            "In {games_played} games for {team}, {player} recorded {stat_value} {stat_name}.",
        ),
    ),
    Tool(
        name="get_upcoming_matches",
        domain="sports",
        description="Get a team's upcoming fixtures",
        params=(
            P("team", "string", "The team name"),
            P("limit", "integer", "How many upcoming matches to return", required=False),
        ),
        sample=lambda rng: _team_sample(rng, "limit", lambda r: r.randint(2, 5)),
        requests=(
            "When does {team} play next?",
            "What's the next match for {team}?",
            "Show me the next {limit} games for {team}.",
            "List {team}'s upcoming {limit} fixtures.",
        ),
        respond=_upcoming_respond,
        answers=(
            "The next {team} game is against {next_opponent} on {next_date} at {next_time} ({venue}).",
            "Next up for {team}: {next_opponent}, {next_date} at {next_time}, playing {venue}.",
        ),
    ),
])


# --- productivity and calendar -----------------------------------------------------


def _calendar_event_sample(rng):
    args, say = {}, {}
    _put(args, say, "title", rng.choice(EVENTS))
    _put(args, say, "date", _date(rng))
    _put(args, say, "start_time", _time(rng))
    extra = _extra(rng, "duration_minutes", "attendees")
    if extra == "duration_minutes":
        _put(args, say, "duration_minutes", rng.choice((15, 30, 45, 60, 90, 120)))
    elif extra == "attendees":
        people = [_email(n) for n in rng.sample(FIRST_NAMES, rng.randint(1, 3))]
        _put(args, say, "attendees", people, _and(people))
    return args, say


def _calendar_event_respond(a, rng):
    hours, minutes = map(int, a["start_time"].split(":"))
    end = hours * 60 + minutes + a.get("duration_minutes", 60)
    return {"event_id": _code(rng, "EV", 8), "status": "created", "end_time": f"{end // 60 % 24:02d}:{end % 60:02d}"}


def _get_events_sample(rng):
    args, say = {}, {}
    _put(args, say, "date", _date(rng))
    if maybe(rng):
        _put(args, say, "calendar", rng.choice(("work", "personal")))
    return args, say


def _todo_sample(rng):
    args, say = {}, {}
    _put(args, say, "task", rng.choice(TASKS))
    extra = _extra(rng, "due_date", "priority")
    if extra == "due_date":
        _put(args, say, "due_date", _date(rng))
    elif extra == "priority":
        _put(args, say, "priority", rng.choice(("low", "medium", "high")))
    return args, say


def _reminder_sample(rng):
    args, say = {}, {}
    _put(args, say, "message", rng.choice(("take my medication", "call mom", "check the oven", "move the car",
                                           "join the team call", "send the invoice")))
    _put(args, say, "date", _date(rng))
    _put(args, say, "time", _time(rng))
    return args, say


TOOLS.extend([
    Tool(
        name="create_calendar_event",
        domain="productivity",
        description="Add an event to the user's calendar",
        params=(
            P("title", "string", "The event title"),
            P("date", "string", "The date, YYYY-MM-DD"),
            P("start_time", "string", "The start time, HH:MM"),
            P("duration_minutes", "integer", "Length in minutes; 60 if omitted", required=False),
            P("attendees", "array", "Email addresses to invite", required=False, items="string"),
        ),
        sample=_calendar_event_sample,
        requests=(
            "Add a {title} to my calendar on {date} at {start_time}.",
            "Schedule a {title} on {date} at {start_time}.",
            "Create a {duration_minutes}-minute event called {title} on {date} at {start_time}.",
            "Put a {title} in my calendar for {date}, starting at {start_time} and lasting {duration_minutes} "
            "minutes.",
            "Schedule a {title} on {date} at {start_time} and invite {attendees}.",
            "Set up a {title} for {date} at {start_time} with {attendees}.",
        ),
        respond=_calendar_event_respond,
        answers=(
            "Done! Your {title} is on the calendar for {date} at {start_time}.",
            "I've added your {title} on {date} from {start_time} to {end_time} (event ID {event_id}).",
        ),
    ),
    Tool(
        name="get_calendar_events",
        domain="productivity",
        description="List the events on the user's calendar for a date",
        params=(
            P("date", "string", "The date, YYYY-MM-DD"),
            P("calendar", "string", "Which calendar; all if omitted", required=False, enum=("work", "personal")),
        ),
        sample=_get_events_sample,
        requests=(
            "What's on my calendar for {date}?",
            "Do I have anything scheduled on {date}?",
            "What's on my {calendar} calendar on {date}?",
            "Show me my {calendar} events for {date}.",
        ),
        respond=lambda a, rng: {"num_events": rng.randint(1, 6), "first_event": rng.choice(EVENTS),
                                "first_event_time": f"{rng.randint(8, 11):02d}:{rng.choice(('00', '30'))}"},
        answers=(
            "You have {num_events} event(s) on {date}. The first is {first_event} at {first_event_time}.",
            "On {date} your day starts with {first_event} at {first_event_time}; {num_events} event(s) in total.",
        ),
    ),
    Tool(
        name="create_todo",
        domain="productivity",
        description="Add a task to the user's to-do list",
        params=(
            P("task", "string", "What needs to be done"),
            P("due_date", "string", "The due date, YYYY-MM-DD", required=False),
            P("priority", "string", "The task's priority", required=False, enum=("low", "medium", "high")),
        ),
        sample=_todo_sample,
        requests=(
            "Add a task to my to-do list: {task}.",
            "Put '{task}' on my task list, please.",
            "Add to my to-do list: {task}, due {due_date}.",
            "Create a task to {task} by {due_date}.",
            "Add a {priority} priority task: {task}.",
            "New {priority} priority to-do: {task}.",
        ),
        respond=lambda a, rng: {"task_id": _code(rng, "T", 5), "status": "added", "open_tasks": rng.randint(1, 12)},
        answers=(
            "Added '{task}' to your to-do list. You now have {open_tasks} open tasks.",
            "Got it, '{task}' is on your list (task {task_id}).",
        ),
    ),
    Tool(
        name="set_reminder",
        domain="productivity",
        description="Set a reminder for a specific date and time",
        params=(
            P("message", "string", "What to be reminded of"),
            P("date", "string", "The date, YYYY-MM-DD"),
            P("time", "string", "The time, HH:MM"),
        ),
        sample=_reminder_sample,
        requests=(
            "Remind me to {message} on {date} at {time}.",
            "Set a reminder for {date} at {time} to {message}.",
            "Can you make sure I don't forget to {message}? Remind me on {date} at {time}.",
        ),
        respond=lambda a, rng: {"reminder_id": _code(rng, "R", 6), "status": "scheduled"},
        answers=(
            "Okay, I'll remind you to {message} on {date} at {time}.",
            "Reminder set for {date} at {time}: {message}.",
        ),
    ),
])


# --- email and messaging -----------------------------------------------------------


def _email_sample(rng):
    args, say = {}, {}
    people = [_email(n) for n in rng.sample(FIRST_NAMES, rng.randint(1, 2))]
    _put(args, say, "recipients", people, _and(people))
    _put(args, say, "subject", rng.choice(EMAIL_SUBJECTS))
    _put(args, say, "body", rng.choice(EMAIL_BODIES))
    return args, say


def _sms_sample(rng):
    args, say = {}, {}
    _put(args, say, "phone_number", f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}")
    _put(args, say, "message", rng.choice(TEXT_MESSAGES))
    return args, say


def _group_chat_sample(rng):
    args, say = {}, {}
    _put(args, say, "name", rng.choice(GROUP_NAMES))
    members = rng.sample(FIRST_NAMES, rng.randint(2, 4))
    _put(args, say, "members", members, _and(members))
    return args, say


TOOLS.extend([
    Tool(
        name="send_email",
        domain="communication",
        description="Send an email",
        params=(
            P("recipients", "array", "Recipient email addresses", items="string"),
            P("subject", "string", "The subject line"),
            P("body", "string", "The message text"),
        ),
        sample=_email_sample,
        requests=(
            'Send an email to {recipients} with the subject "{subject}" saying: {body}',
            "Email {recipients}. Subject: {subject}. Message: {body}",
            'Please write to {recipients} about "{subject}": {body}',
        ),
        respond=lambda a, rng: {"message_id": _code(rng, "MSG-", 8), "status": "sent", "sent_at": _time(rng)},
        answers=(
            'Your email "{subject}" has been sent to {recipients}.',
            "Sent! {recipients} will receive your message about {subject}.",
        ),
    ),
    Tool(
        name="send_text_message",
        domain="communication",
        description="Send an SMS text message to a phone number",
        params=(
            P("phone_number", "string", "The recipient's phone number"),
            P("message", "string", "The text to send"),
        ),
        sample=_sms_sample,
        requests=(
            'Text {phone_number}: "{message}"',
            'Send an SMS to {phone_number} saying "{message}"',
            'Can you message {phone_number} and tell them "{message}"?',
        ),
        respond=lambda a, rng: {"message_id": _code(rng, "SMS", 7), "status": "delivered"},
        answers=(
            "Your message was delivered to {phone_number}.",
            'Done, "{message}" was sent to {phone_number}.',
        ),
    ),
    Tool(
        name="create_group_chat",
        domain="communication",
        description="Create a group chat with some contacts",
        params=(
            P("name", "string", "The group's name"),
            P("members", "array", "Contacts to add, by first name", items="string"),
        ),
        sample=_group_chat_sample,
        requests=(
            "Create a group chat called {name} with {members}.",
            "Start a new group named {name} and add {members}.",
            "Set up a chat group, {name}, for {members}.",
        ),
        respond=lambda a, rng: {"chat_id": _code(rng, "GC", 6), "member_count": len(a["members"]) + 1},
        answers=(
            "The group chat {name} is ready with {member_count} members, including you.",
            "Created {name} with {members}. Say hi!",
        ),
    ),
])


# --- shopping and e-commerce -------------------------------------------------------


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + ("es" if noun.endswith(("ch", "sh")) else "s")


def _search_products_sample(rng):
    args, say = {}, {}
    _put(args, say, "query", _plural(rng.choice(sorted(PRODUCTS))))
    extra = _extra(rng, "max_price", "in_stock_only")
    if extra == "max_price":
        _put(args, say, "max_price", rng.choice((30, 50, 75, 100, 150, 200, 300)))
    elif extra == "in_stock_only":
        _put(args, say, "in_stock_only", True, "currently in stock")
    return args, say


def _search_products_respond(a, rng):
    product = next((p for p in PRODUCTS if _plural(p) == a["query"]), a["query"])
    brand = rng.choice(PRODUCTS.get(product, ("Acme",)))
    return {"num_results": rng.randint(5, 120), "top_result": f"{brand} {product}",
            "price": round(rng.uniform(0.4, 0.95) * a.get("max_price", 250), 2),
            "rating": round(rng.uniform(3.9, 4.9), 1)}


def _branded_product(rng):
    product = rng.choice(sorted(PRODUCTS))
    return f"{rng.choice(PRODUCTS[product])} {product}"


def _add_to_cart_sample(rng):
    args, say = {}, {}
    _put(args, say, "product", _branded_product(rng))
    if maybe(rng):
        _put(args, say, "quantity", rng.randint(2, 4))
    return args, say


def _compare_prices_sample(rng):
    args, say = {}, {}
    _put(args, say, "product", _branded_product(rng))
    if maybe(rng):
        stores = rng.sample(RETAILERS, rng.randint(2, 3))
        _put(args, say, "retailers", stores, _and(stores))
    return args, say


def _compare_prices_respond(a, rng):
    stores = a.get("retailers") or RETAILERS
    low = _price(rng, 25, 280)
    return {"cheapest_store": rng.choice(stores), "lowest_price": low,
            "highest_price": round(low * rng.uniform(1.05, 1.35), 2), "stores_checked": len(stores)}


TOOLS.extend([
    Tool(
        name="search_products",
        domain="shopping",
        description="Search the online store for products",
        params=(
            P("query", "string", "What to search for"),
            P("max_price", "number", "Maximum price in dollars", required=False),
            P("in_stock_only", "boolean", "Only show products in stock", required=False),
        ),
        sample=_search_products_sample,
        requests=(
            "Search for {query}.",
            "I'm looking to buy {query}. What options are there?",
            "Find {query} under ${max_price}.",
            "Show me {query} that cost less than {max_price} dollars.",
            "Find {query} {in_stock_only}.",
            "I need {query}. Only show ones {in_stock_only}.",
        ),
        respond=_search_products_respond,
        answers=(
            "I found {num_results} results for {query}. The top one is the {top_result} for ${price}, rated "
            "{rating} stars.",
            "The best match is the {top_result} at ${price} ({rating} stars).",
        ),
    ),
    Tool(
        name="add_to_cart",
        domain="shopping",
        description="Add a product to the shopping cart",
        params=(
            P("product", "string", "The product name"),
            P("quantity", "integer", "How many to add; 1 if omitted", required=False),
        ),
        sample=_add_to_cart_sample,
        requests=(
            "Add the {product} to my cart.",
            "Put the {product} in my shopping cart, please.",
            "Add {quantity} of the {product} to my cart.",
            "Please put the {product} in my cart, quantity {quantity}.",
        ),
        respond=lambda a, rng: {"status": "added", "items_in_cart": a.get("quantity", 1) + rng.randint(0, 4),
                                "cart_total": money(rng, 30, 600)},
        answers=(
            "Added the {product} to your cart! You now have {items_in_cart} items, totalling ${cart_total}.",
            "The {product} is in your cart. Cart total: ${cart_total} ({items_in_cart} item(s)).",
        ),
    ),
    Tool(
        name="track_order",
        domain="shopping",
        description="Track the delivery status of an order",
        params=(P("order_id", "string", "The order number, e.g. ORD-123456"),),
        sample=lambda rng: (lambda o: ({"order_id": o}, {"order_id": o}))(_code(rng, "ORD-")),
        requests=(
            "Where is my order {order_id}?",
            "Can you track order {order_id} for me?",
            "I ordered something last week and it hasn't arrived. The order number is {order_id}.",
        ),
        respond=lambda a, rng: {"status": rng.choice(("shipped", "in transit", "out for delivery")),
                                "carrier": rng.choice(("UPS", "FedEx", "DHL", "USPS")),
                                "last_location": rng.choice(CITIES), "estimated_delivery": _date(rng)},
        answers=(
            "Order {order_id} is {status} with {carrier}, last scanned in {last_location}. Expected delivery: "
            "{estimated_delivery}.",
            "Your package ({order_id}) is {status}. {carrier} expects to deliver it on {estimated_delivery}.",
        ),
    ),
    Tool(
        name="compare_prices",
        domain="shopping",
        description="Compare a product's price across retailers",
        params=(
            P("product", "string", "The product name"),
            P("retailers", "array", "Retailers to compare; all if omitted", required=False, items="string"),
        ),
        sample=_compare_prices_sample,
        requests=(
            "Where can I get the best price on the {product}?",
            "Compare prices for the {product}.",
            "Compare the price of the {product} at {retailers}.",
            "Check {retailers} for the best price on the {product}.",
        ),
        respond=_compare_prices_respond,
        answers=(
            "The best price for the {product} is ${lowest_price} at {cheapest_store}. Prices go up to "
            "${highest_price} across the {stores_checked} stores checked.",
            "{cheapest_store} has the {product} cheapest, at ${lowest_price}.",
        ),
    ),
])


# --- math and utilities ------------------------------------------------------------


def _tip_sample(rng):
    args, say = {}, {}
    _put(args, say, "bill_amount", _price(rng, 18, 240))
    _put(args, say, "tip_percent", rng.choice((10, 12, 15, 18, 20, 25)))
    if maybe(rng):
        _put(args, say, "split", rng.randint(2, 6))
    return args, say


def _tip_respond(a, rng):
    tip = round(a["bill_amount"] * a["tip_percent"] / 100, 2)
    total = round(a["bill_amount"] + tip, 2)
    return {"tip_amount": _num(tip), "total": _num(total), "per_person": _num(round(total / a.get("split", 1), 2))}


def _convert_units_sample(rng):
    src, dst, _ = rng.choice(UNIT_PAIRS)
    args, say = {}, {}
    _put(args, say, "value", rng.choice((1, 2, 5, 10, 12, 20, 26.2, 42, 100, 3.5)))
    _put(args, say, "from_unit", src)
    _put(args, say, "to_unit", dst)
    return args, say


def _convert_units_respond(a, rng):
    factor = next((f for s, d, f in UNIT_PAIRS if s == a["from_unit"] and d == a["to_unit"]), 1.0)
    return {"converted_value": round(a["value"] * factor, 2)}


def _password_sample(rng):
    args, say = {}, {}
    _put(args, say, "length", rng.choice((8, 12, 16, 20, 24)))
    if maybe(rng):
        flag = rng.random() < 0.6
        _put(args, say, "include_symbols", flag, "with symbols" if flag else "without symbols")
    return args, say


def _password_respond(a, rng):
    alphabet, symbols = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", "!#$%&*?@"
    n = a["length"]
    password = _code(rng, n=n, alphabet=alphabet + symbols if a.get("include_symbols", True) else alphabet)
    if a.get("include_symbols", True) and not any(c in symbols for c in password):
        i = rng.randrange(n)
        password = password[:i] + rng.choice(symbols) + password[i + 1:]
    return {"password": password,
            "strength": "medium" if n < 12 else "strong" if n < 16 else "very strong"}


def _percentage_sample(rng):
    args, say = {}, {}
    _put(args, say, "percent", rng.choice((5, 7.5, 10, 12.5, 15, 20, 25, 33, 40, 60)))
    _put(args, say, "value", rng.choice((80, 120, 240, 360, 450, 999, 1250, 2000, 64.5)))
    return args, say


def _average_sample(rng):
    numbers = [rng.randint(40, 100) for _ in range(rng.randint(3, 6))]
    args, say = {}, {}
    _put(args, say, "numbers", numbers, _and(numbers))
    return args, say


TOOLS.extend([
    Tool(
        name="calculate_tip",
        domain="utilities",
        description="Calculate the tip and total for a restaurant bill",
        params=(
            P("bill_amount", "number", "The bill before tip"),
            P("tip_percent", "number", "The tip percentage"),
            P("split", "integer", "Number of people splitting the bill", required=False),
        ),
        sample=_tip_sample,
        requests=(
            "How much is a tip of {tip_percent}% on a ${bill_amount} bill?",
            "Calculate the tip for {bill_amount} at {tip_percent} percent.",
            "Our bill is ${bill_amount}. We want to tip {tip_percent}% and split it {split} ways. "
            "How much each?",
            "Calculate the tip at {tip_percent}% on {bill_amount}, split between {split} people.",
        ),
        respond=_tip_respond,
        answers=(
            "The {tip_percent}% tip on ${bill_amount} is ${tip_amount}, making the total ${total}.",
            "Tip: ${tip_amount}. Total with tip: ${total} (${per_person} per person).",
        ),
    ),
    Tool(
        name="convert_units",
        domain="utilities",
        description="Convert a measurement from one unit to another",
        params=(
            P("value", "number", "The quantity to convert"),
            P("from_unit", "string", "The unit to convert from, e.g. miles"),
            P("to_unit", "string", "The unit to convert to, e.g. kilometers"),
        ),
        sample=_convert_units_sample,
        requests=(
            "Convert {value} {from_unit} to {to_unit}.",
            "How many {to_unit} is {value} {from_unit}?",
            "Quick question: what is {value} {from_unit} in {to_unit}?",
        ),
        respond=_convert_units_respond,
        answers=(
            "{value} {from_unit} is about {converted_value} {to_unit}.",
            "That's roughly {converted_value} {to_unit}.",
        ),
    ),
    Tool(
        name="generate_password",
        domain="utilities",
        description="Generate a random password",
        params=(
            P("length", "integer", "Number of characters"),
            P("include_symbols", "boolean", "Whether to include symbols", required=False),
        ),
        sample=_password_sample,
        requests=(
            "Generate a password of {length} characters.",
            "I need a new password, {length} characters long.",
            "Generate a password of {length} characters {include_symbols}.",
            "Create a random password of length {length}, {include_symbols}.",
        ),
        respond=_password_respond,
        answers=(
            "Here's your new password of {length} characters: {password} (strength: {strength}).",
            "Your password is {password}. It's rated {strength}.",
        ),
    ),
    Tool(
        name="calculate_percentage",
        domain="utilities",
        description="Calculate a percentage of a number",
        params=(
            P("percent", "number", "The percentage, e.g. 15"),
            P("value", "number", "The number to take the percentage of"),
        ),
        sample=_percentage_sample,
        requests=(
            "What is {percent}% of {value}?",
            "Calculate {percent} percent of {value}.",
            "I need to know {percent}% of {value} for my budget.",
        ),
        respond=lambda a, rng: {"result": _num(round(a["percent"] * a["value"] / 100, 2))},
        answers=(
            "{percent}% of {value} is {result}.",
            "That comes to {result}.",
        ),
    ),
    Tool(
        name="calculate_average",
        domain="utilities",
        description="Calculate the average of a list of numbers",
        params=(P("numbers", "array", "The numbers to average", items="number"),),
        sample=_average_sample,
        requests=(
            "What's the average of {numbers}?",
            "Calculate the mean of {numbers}.",
            "My test scores were {numbers}. What's my average?",
        ),
        respond=lambda a, rng: {"average": _num(round(sum(a["numbers"]) / len(a["numbers"]), 2)),
                                "count": len(a["numbers"]), "total": sum(a["numbers"])},
        answers=(
            "The average of {numbers} is {average}.",
            "Those {count} numbers add up to {total}, so the average is {average}.",
        ),
    ),
])


# --- education ---------------------------------------------------------------------


def _search_courses_sample(rng):
    args, say = {}, {}
    _put(args, say, "subject", rng.choice(SUBJECTS))
    extra = _extra(rng, "level", "free_only")
    if extra == "level":
        _put(args, say, "level", rng.choice(("beginner", "intermediate", "advanced")))
    elif extra == "free_only":
        _put(args, say, "free_only", True, "free ones only")
    return args, say


def _enroll_sample(rng):
    args, say = {}, {}
    _put(args, say, "course", rng.choice(COURSES))
    _put(args, say, "student_email", _email(_person(rng)))
    if maybe(rng):
        _put(args, say, "start_date", _date(rng))
    return args, say


def _element_sample(rng):
    element = rng.choice(sorted(ELEMENTS))
    return {"element": element}, {"element": element}


def _element_respond(a, rng):
    symbol, number, mass, category = ELEMENTS.get(a["element"].lower(), ("?", 0, 0.0, "unknown"))
    return {"symbol": symbol, "atomic_number": number, "atomic_mass": mass, "category": category}


TOOLS.extend([
    Tool(
        name="search_courses",
        domain="education",
        description="Search for online courses on a subject",
        params=(
            P("subject", "string", "The subject to learn"),
            P("level", "string", "The difficulty level", required=False,
              enum=("beginner", "intermediate", "advanced")),
            P("free_only", "boolean", "Only free courses", required=False),
        ),
        sample=_search_courses_sample,
        requests=(
            "Find online courses on {subject}.",
            "I want to learn {subject}. What courses are there?",
            "Find {level} courses in {subject}.",
            "Are there any {subject} courses for {level} students?",
            "Search for {subject} courses, {free_only}.",
            "I'd like to study {subject}, but I'm on a budget: {free_only}, please.",
        ),
        respond=lambda a, rng: {"num_results": rng.randint(4, 90),
                                "top_course": f"The Complete {a['subject'].title()} Course",
                                "provider": rng.choice(("Coursera", "edX", "Udemy", "Khan Academy")),
                                "duration_weeks": rng.randint(3, 12),
                                "price": 0 if a.get("free_only") else rng.choice((0, 19.99, 49, 79))},
        answers=(
            "I found {num_results} {subject} courses. The top one is {top_course} on {provider}, which takes "
            "about {duration_weeks} weeks.",
            "Try {top_course} on {provider}: {duration_weeks} weeks, price ${price}.",
        ),
    ),
    Tool(
        name="enroll_in_course",
        domain="education",
        description="Enroll a student in a course",
        params=(
            P("course", "string", "The course name"),
            P("student_email", "string", "The student's email address"),
            P("start_date", "string", "Preferred start date, YYYY-MM-DD", required=False),
        ),
        sample=_enroll_sample,
        requests=(
            "Enroll me in {course}. My email is {student_email}.",
            "Sign me up for {course} using {student_email}.",
            "Please enroll {student_email} in {course} starting {start_date}.",
            "I'd like to join {course} from {start_date}. Register me with {student_email}.",
        ),
        respond=lambda a, rng: {"enrollment_id": _code(rng, "ENR-"), "status": "enrolled",
                                "course_start": a.get("start_date") or _date(rng)},
        answers=(
            "You're enrolled in {course}! Enrollment ID {enrollment_id}; the course starts on {course_start}. "
            "Details were sent to {student_email}.",
            "Done: {student_email} is registered for {course}, starting {course_start}.",
        ),
    ),
    Tool(
        name="get_element_info",
        domain="education",
        description="Get facts about a chemical element",
        params=(P("element", "string", "The element's name, e.g. carbon"),),
        sample=_element_sample,
        requests=(
            "What's the atomic number of {element}?",
            "Tell me about the element {element}.",
            "I'm studying for a chemistry test. What are the basic facts about {element}?",
        ),
        respond=_element_respond,
        answers=(
            "The element {element} has the symbol {symbol} and atomic number {atomic_number}, with an atomic "
            "mass of {atomic_mass}. Category: {category}.",
            "Quick facts on {element}: symbol {symbol}, atomic number {atomic_number}, atomic mass {atomic_mass}.",
        ),
    ),
])


# --- real estate -------------------------------------------------------------------


def _search_properties_sample(rng):
    args, say = {}, {}
    _put(args, say, "city", rng.choice(CITIES))
    kind = rng.choice(("rent", "sale"))
    _put(args, say, "listing_type", kind)
    if kind == "rent":
        lo = rng.choice((800, 1000, 1200, 1500, 2000))
        hi = lo + rng.choice((500, 1000, 1500))
    else:
        lo = rng.choice((150000, 250000, 300000, 400000, 500000))
        hi = lo + rng.choice((100000, 150000, 250000))
    args["price_range"] = {"min_price": lo, "max_price": hi}
    say["min_price"], say["max_price"] = str(lo), str(hi)
    extra = _extra(rng, "bedrooms", "pets_allowed")
    if extra == "bedrooms":
        _put(args, say, "bedrooms", rng.randint(2, 4))
    elif extra == "pets_allowed":
        _put(args, say, "pets_allowed", True, "pet-friendly")
    return args, say


def _search_properties_respond(a, rng):
    lo, hi = a["price_range"]["min_price"], a["price_range"]["max_price"]
    step = 50 if a["listing_type"] == "rent" else 5000
    return {"num_listings": rng.randint(2, 60), "top_address": rng.choice(STREETS),
            "top_price": rng.randrange(lo, hi + 1, step), "top_bedrooms": a.get("bedrooms", rng.randint(1, 4))}


def _property_value_sample(rng):
    args, say = {}, {}
    _put(args, say, "address", rng.choice(STREETS))
    _put(args, say, "city", rng.choice(CITIES))
    _put(args, say, "bedrooms", rng.randint(2, 5))
    if maybe(rng):
        _put(args, say, "square_meters", rng.choice((55, 70, 85, 100, 120, 150, 210)))
    return args, say


def _property_value_respond(a, rng):
    size = a.get("square_meters", 40 + 25 * a["bedrooms"])
    per_sqm = rng.randint(30, 120) * 100
    value = round(size * per_sqm, -3)
    return {"estimated_value": value, "low_estimate": int(round(value * 0.92, -3)),
            "high_estimate": int(round(value * 1.08, -3)), "price_per_sqm": per_sqm}


def _viewing_sample(rng):
    args, say = {}, {}
    _put(args, say, "address", f"{rng.choice(STREETS)}, {rng.choice(CITIES)}")
    _put(args, say, "date", _date(rng))
    _put(args, say, "time", _time(rng))
    return args, say


TOOLS.extend([
    Tool(
        name="search_properties",
        domain="real_estate",
        description="Search homes for rent or sale in a city within a price range",
        params=(
            P("city", "string", "The city"),
            P("listing_type", "string", "Rent or buy", enum=("rent", "sale")),
            P("price_range", "object", "The budget in dollars", properties=(
                P("min_price", "number", "Lowest price"),
                P("max_price", "number", "Highest price"),
            )),
            P("bedrooms", "integer", "Number of bedrooms", required=False),
            P("pets_allowed", "boolean", "Only pet-friendly homes", required=False),
        ),
        sample=_search_properties_sample,
        requests=(
            "Find properties for {listing_type} in {city} between ${min_price} and ${max_price}.",
            "I'm looking for a place for {listing_type} in {city}, budget {min_price} to {max_price} dollars.",
            "Show me {bedrooms}-bedroom homes for {listing_type} in {city} priced from ${min_price} to "
            "${max_price}.",
            "Search for places in {city} for {listing_type} with {bedrooms} bedrooms, between {min_price} and "
            "{max_price} dollars.",
            "Find {pets_allowed} homes for {listing_type} in {city}, ${min_price} to ${max_price}.",
            "I have a dog. Are there {pets_allowed} places for {listing_type} in {city} between ${min_price} and "
            "${max_price}?",
        ),
        respond=_search_properties_respond,
        answers=(
            "I found {num_listings} listings for {listing_type} in {city}. The top match is at {top_address} for "
            "${top_price}, with {top_bedrooms} bedrooms.",
            "There are {num_listings} homes for {listing_type} in {city} in your ${min_price}-${max_price} range. "
            "Best match: {top_address}, ${top_price}.",
        ),
    ),
    Tool(
        name="estimate_property_value",
        domain="real_estate",
        description="Estimate the market value of a home",
        params=(
            P("address", "string", "Street address"),
            P("city", "string", "The city"),
            P("bedrooms", "integer", "Number of bedrooms"),
            P("square_meters", "number", "Floor area in square meters", required=False),
        ),
        sample=_property_value_sample,
        requests=(
            "What's my home at {address}, {city} worth? It has {bedrooms} bedrooms.",
            "Estimate the value of the {bedrooms}-bedroom house at {address} in {city}.",
            "How much is {address}, {city} worth? It has {bedrooms} bedrooms and {square_meters} square meters.",
            "Give me a valuation for my {square_meters} square meter, {bedrooms}-bedroom flat at {address} in "
            "{city}.",
        ),
        respond=_property_value_respond,
        answers=(
            "The estimated value of {address} is ${estimated_value} (range ${low_estimate} to ${high_estimate}).",
            "Homes like yours in {city} go for about ${price_per_sqm} per square meter, so {address} is worth "
            "roughly ${estimated_value}.",
        ),
    ),
    Tool(
        name="schedule_property_viewing",
        domain="real_estate",
        description="Book a viewing of a property with an agent",
        params=(
            P("address", "string", "The property's address"),
            P("date", "string", "The date, YYYY-MM-DD"),
            P("time", "string", "The time, HH:MM"),
        ),
        sample=_viewing_sample,
        requests=(
            "I'd like to view the property at {address} on {date} at {time}.",
            "Book a viewing for {address}, {date} at {time}.",
            "Can you schedule a house tour of {address} on {date}, around {time}?",
        ),
        respond=lambda a, rng: {"viewing_id": _code(rng, "VW-", 5), "agent_name": _person(rng),
                                "agent_phone": f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"},
        answers=(
            "Your viewing of {address} is set for {date} at {time}. Your agent will be {agent_name} "
            "({agent_phone}).",
            "Booked! {agent_name} will show you {address} on {date} at {time}.",
        ),
    ),
])


# --- transport ---------------------------------------------------------------------


def _directions_sample(rng):
    args, say = {}, {}
    origin, destination = rng.sample(PLACES, 2)
    _put(args, say, "origin", origin)
    _put(args, say, "destination", destination)
    if maybe(rng):
        _put(args, say, "mode", rng.choice(("driving", "walking", "cycling", "transit")))
    return args, say


def _directions_respond(a, rng):
    km = _num(round(rng.uniform(1.2, 18), 1))
    speed = {"driving": 30, "walking": 5, "cycling": 15, "transit": 22}[a.get("mode", "driving")]
    return {"distance_km": km, "duration": _minutes(max(3, round(km / speed * 60))),
            "route_summary": f"via {rng.choice(('Main Street', 'the ring road', 'Park Avenue', 'the riverside'))}"}


def _ride_sample(rng):
    args, say = {}, {}
    street, city = rng.choice(STREETS), rng.choice(CITIES)
    args["pickup"] = {"street": street, "city": city}
    say["street"], say["city"] = street, city
    _put(args, say, "destination", rng.choice(PLACES))
    if maybe(rng):
        _put(args, say, "ride_type", rng.choice(("standard", "comfort", "premium")))
    return args, say


def _ride_respond(a, rng):
    return {"driver_name": rng.choice(FIRST_NAMES), "car_model": rng.choice(("Toyota Prius", "Honda Civic",
                                                                              "Tesla Model 3", "Skoda Octavia")),
            "license_plate": _code(rng, n=3, alphabet="ABCDEFGHKLMNPRSTVXYZ") + "-" + _code(rng, n=3),
            "eta": f"{rng.randint(2, 12)} minutes",
            "fare": round(money(rng, 9, 45) * {"standard": 1, "comfort": 1.3, "premium": 1.8}[
                a.get("ride_type", "standard")], 2)}


def _transit_sample(rng):
    args, say = {}, {}
    _put(args, say, "station", rng.choice(STATIONS))
    if maybe(rng):
        _put(args, say, "line", rng.choice(TRANSIT_LINES))
    return args, say


def _transit_respond(a, rng):
    minutes = rng.randint(1, 15)
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    return {"next_departure": f"{hour:02d}:{minute:02d}", "minutes_away": minutes, "platform": rng.randint(1, 8),
            "headsign": rng.choice(("Airport", "City Center", "Northgate", "Riverside", "University"))}


def _parking_sample(rng):
    args, say = {}, {}
    _put(args, say, "location", rng.choice(PLACES))
    _put(args, say, "hours", rng.randint(2, 8))
    if maybe(rng):
        _put(args, say, "ev_charging", True, "with EV charging")
    return args, say


TOOLS.extend([
    Tool(
        name="get_directions",
        domain="transport",
        description="Get directions between two places",
        params=(
            P("origin", "string", "Where to start"),
            P("destination", "string", "Where to go"),
            P("mode", "string", "How to travel; driving if omitted", required=False,
              enum=("driving", "walking", "cycling", "transit")),
        ),
        sample=_directions_sample,
        requests=(
            "How do I get from {origin} to {destination}?",
            "Give me directions from {origin} to {destination}.",
            "What's the best {mode} route from {origin} to {destination}?",
            "Give me {mode} directions from {origin} to {destination}, please.",
        ),
        respond=_directions_respond,
        answers=(
            "The route from {origin} to {destination} is {distance_km} km and takes about {duration}, "
            "{route_summary}.",
            "Head {route_summary}: it's {distance_km} km to {destination}, around {duration}.",
        ),
    ),
    Tool(
        name="book_ride",
        domain="transport",
        description="Book a taxi ride from a pickup address to a destination",
        params=(
            P("pickup", "object", "Where to be picked up", properties=(
                P("street", "string", "Street and number"),
                P("city", "string", "City"),
            )),
            P("destination", "string", "Where to go"),
            P("ride_type", "string", "The ride class", required=False, enum=("standard", "comfort", "premium")),
        ),
        sample=_ride_sample,
        requests=(
            "Book me a ride from {street}, {city} to {destination}.",
            "I need a car from {street} in {city} to {destination}.",
            "Get me a {ride_type} ride from {street}, {city} to {destination}.",
            "Please order a {ride_type} car to {destination}, picking me up at {street}, {city}.",
        ),
        respond=_ride_respond,
        answers=(
            "Your ride is booked! {driver_name} will pick you up at {street} in {eta} in a {car_model} "
            "({license_plate}). Estimated fare: ${fare}.",
            "{driver_name} is on the way to {street} ({eta}) and will take you to {destination}. Fare: about "
            "${fare}.",
        ),
    ),
    Tool(
        name="get_transit_schedule",
        domain="transport",
        description="Get the next public transit departures from a station",
        params=(
            P("station", "string", "The station or stop name"),
            P("line", "string", "Only this line, e.g. Bus 42", required=False),
        ),
        sample=_transit_sample,
        requests=(
            "When's the next departure from {station}?",
            "Show me the next trains and buses leaving {station}.",
            "When does the next {line} leave {station}?",
            "What time is the next {line} departure from {station}?",
        ),
        respond=_transit_respond,
        answers=(
            "The next departure from {station} is at {next_departure} (in {minutes_away} minutes) from platform "
            "{platform}, heading to {headsign}.",
            "Next one leaves {station} in {minutes_away} minutes, at {next_departure}, towards {headsign}.",
        ),
    ),
    Tool(
        name="find_parking",
        domain="transport",
        description="Find a parking garage near a place",
        params=(
            P("location", "string", "The place to park near"),
            P("hours", "integer", "How many hours to park"),
            P("ev_charging", "boolean", "Only garages with EV charging", required=False),
        ),
        sample=_parking_sample,
        requests=(
            "Find parking near {location} for {hours} hours.",
            "Where can I park near {location}? I need it for {hours} hours.",
            "Find a parking spot {ev_charging} near {location} for {hours} hours.",
            "I need to park near {location} for {hours} hours, ideally {ev_charging}.",
        ),
        respond=lambda a, rng: {
            "garage": rng.choice(("City Center Garage", "Riverside Parking", "Plaza Car Park", "Station Parking")),
            "walking_distance": f"{rng.randrange(100, 800, 50)} m", "spaces_available": rng.randint(3, 120),
            "price_total": _num(round(a["hours"] * rng.choice((2.5, 3, 3.5, 4.25)), 2))},
        answers=(
            "{garage} is {walking_distance} from {location}, with {spaces_available} spaces free. Parking for "
            "{hours} hours costs ${price_total}.",
            "Try {garage}: {walking_distance} away, ${price_total} for {hours} hours.",
        ),
    ),
])


# --- news --------------------------------------------------------------------------


def _headlines_sample(rng):
    args, say = {}, {}
    _put(args, say, "category", rng.choice(NEWS_CATEGORIES))
    extra = _extra(rng, "country", "limit")
    if extra == "country":
        _put(args, say, "country", rng.choice(("Germany", "Japan", "Canada", "India", "Brazil", "Australia")))
    elif extra == "limit":
        _put(args, say, "limit", rng.choice((3, 5, 10)))
    return args, say


def _search_news_sample(rng):
    args, say = {}, {}
    _put(args, say, "query", rng.choice(TOPICS))
    if maybe(rng):
        _put(args, say, "from_date", _date(rng))
    return args, say


def _search_news_respond(a, rng):
    q = a["query"]
    headline = rng.choice((f"What the latest on {q} means for you", f"New report sheds light on {q}",
                           f"Experts debate the future of {q}"))
    return {"num_articles": rng.randint(5, 200), "top_headline": headline, "source": rng.choice(NEWS_SOURCES)}


def _summarize_sample(rng):
    args, say = {}, {}
    _put(args, say, "url", rng.choice(sorted(ARTICLES)))
    if maybe(rng):
        _put(args, say, "max_sentences", rng.choice((2, 3, 5)))
    return args, say


def _summarize_respond(a, rng):
    title, summary = ARTICLES.get(a["url"], ("Untitled", "The page could not be summarized."))
    return {"title": title, "summary": summary, "word_count": rng.randint(400, 2200)}


TOOLS.extend([
    Tool(
        name="get_news_headlines",
        domain="news",
        description="Get the latest news headlines in a category",
        params=(
            P("category", "string", "The news category", enum=NEWS_CATEGORIES),
            P("country", "string", "Only news from this country", required=False),
            P("limit", "integer", "How many headlines to return", required=False),
        ),
        sample=_headlines_sample,
        requests=(
            "What are the latest {category} headlines?",
            "Give me today's top {category} news.",
            "What's in the {category} news in {country} today?",
            "Show me the top {category} headlines from {country}.",
            "Give me the top {limit} {category} headlines.",
            "What are the {limit} biggest {category} stories right now?",
        ),
        respond=lambda a, rng: {"num_articles": a.get("limit", rng.randint(10, 30)),
                                "top_headline": rng.choice(HEADLINES[a["category"]]),
                                "source": rng.choice(NEWS_SOURCES),
                                "published": f"{rng.randint(1, 9)} hours ago"},
        answers=(
            'Here\'s the top {category} story: "{top_headline}" from {source}, published {published}.',
            "Leading the {category} news: {top_headline} ({source}, {published}).",
        ),
    ),
    Tool(
        name="search_news",
        domain="news",
        description="Search news articles about a topic",
        params=(
            P("query", "string", "The topic to search for"),
            P("from_date", "string", "Only articles since this date, YYYY-MM-DD", required=False),
        ),
        sample=_search_news_sample,
        requests=(
            "Find news articles about {query}.",
            "What's the latest news on {query}?",
            "Search for news about {query} since {from_date}.",
            "Find articles on {query} published after {from_date}.",
        ),
        respond=_search_news_respond,
        answers=(
            'I found {num_articles} articles about {query}. The most relevant is "{top_headline}" from {source}.',
            "Top result on {query}: {top_headline} ({source}), one of {num_articles} articles.",
        ),
    ),
    Tool(
        name="summarize_article",
        domain="news",
        description="Summarize a news article from its URL",
        params=(
            P("url", "string", "The article's URL"),
            P("max_sentences", "integer", "Maximum length of the summary", required=False),
        ),
        sample=_summarize_sample,
        requests=(
            "Can you summarize this article for me? {url}",
            "Summarize {url}",
            "Summarize {url} in {max_sentences} sentences.",
            "Give me a {max_sentences}-sentence summary of {url}",
        ),
        respond=_summarize_respond,
        answers=(
            'Here\'s a summary of "{title}": {summary}',
            "{title} ({word_count} words): {summary}",
        ),
    ),
])


# --- language and translation ------------------------------------------------------


def _translate_sample(rng):
    args, say = {}, {}
    _put(args, say, "text", rng.choice(PHRASES))
    _put(args, say, "target_language", rng.choice(sorted(TRANSLATIONS)))
    if maybe(rng, 0.4):
        _put(args, say, "source_language", "English")
    return args, say


def _translate_respond(a, rng):
    code, texts = TRANSLATIONS.get(a["target_language"], ("", ()))
    text = texts[PHRASES.index(a["text"])] if a["text"] in PHRASES and texts else a["text"]
    return {"translated_text": text, "target_code": code}


def _define_sample(rng):
    args, say = {}, {}
    _put(args, say, "word", rng.choice(sorted(WORDS)))
    if maybe(rng):
        _put(args, say, "include_examples", True, "with an example sentence")
    return args, say


def _define_respond(a, rng):
    pos, definition, example, _ = WORDS[a["word"]]
    return {"part_of_speech": pos, "definition": definition, "example": example}


def _detect_sample(rng):
    language = rng.choice(sorted(TRANSLATIONS))
    text = rng.choice(TRANSLATIONS[language][1])
    return {"text": text}, {"text": text}


def _detect_respond(a, rng):
    language = next((lang for lang, (_, texts) in TRANSLATIONS.items() if a["text"] in texts), "English")
    return {"language": language, "language_code": TRANSLATIONS.get(language, ("en",))[0],
            "confidence": round(rng.uniform(0.9, 0.99), 2)}


def _synonyms_sample(rng):
    args, say = {}, {}
    _put(args, say, "word", rng.choice(sorted(WORDS)))
    if maybe(rng):
        _put(args, say, "max_results", rng.choice((2, 3, 4)))
    return args, say


def _synonyms_respond(a, rng):
    found = WORDS[a["word"]][3][:a.get("max_results", 5)]
    return {"synonyms": ", ".join(found), "count": len(found)}


TOOLS.extend([
    Tool(
        name="translate_text",
        domain="language",
        description="Translate text into another language",
        params=(
            P("text", "string", "The text to translate"),
            P("target_language", "string", "The language to translate into"),
            P("source_language", "string", "The text's language; detected if omitted", required=False),
        ),
        sample=_translate_sample,
        requests=(
            'Translate "{text}" into {target_language}.',
            'How do you say "{text}" in {target_language}?',
            'I\'m traveling soon. What is "{text}" in {target_language}?',
            'Translate "{text}" from {source_language} to {target_language}.',
            'Please translate this {source_language} sentence into {target_language}: "{text}"',
        ),
        respond=_translate_respond,
        answers=(
            'In {target_language}, "{text}" is: {translated_text}',
            "Here it is in {target_language}: {translated_text}",
        ),
    ),
    Tool(
        name="define_word",
        domain="language",
        description="Look up the dictionary definition of a word",
        params=(
            P("word", "string", "The word to define"),
            P("include_examples", "boolean", "Also give an example sentence", required=False),
        ),
        sample=_define_sample,
        requests=(
            "What does {word} mean?",
            "Define the word {word}.",
            "Define {word} {include_examples}.",
            "Can you explain the word {word}, {include_examples}?",
        ),
        respond=_define_respond,
        answers=(
            'The {part_of_speech} "{word}" means {definition}. For example: {example}',
            '"{word}" ({part_of_speech}): {definition}.',
        ),
    ),
    Tool(
        name="detect_language",
        domain="language",
        description="Detect which language a text is written in",
        params=(P("text", "string", "The text to analyse"),),
        sample=_detect_sample,
        requests=(
            'What language is this: "{text}"',
            'Can you detect the language of "{text}"?',
            'Someone sent me "{text}" and I have no idea what language it is. Can you tell?',
        ),
        respond=_detect_respond,
        answers=(
            "That text is in {language} (confidence {confidence}).",
            'The text "{text}" is {language}.',
        ),
    ),
    Tool(
        name="get_synonyms",
        domain="language",
        description="Get synonyms for a word",
        params=(
            P("word", "string", "The word"),
            P("max_results", "integer", "Maximum number of synonyms", required=False),
        ),
        sample=_synonyms_sample,
        requests=(
            "What are some synonyms for {word}?",
            "Give me another word for {word}.",
            "List {max_results} synonyms for {word}.",
            "I need {max_results} words that mean the same as {word}.",
        ),
        respond=_synonyms_respond,
        answers=(
            "Synonyms for {word}: {synonyms}.",
            "Instead of {word}, you could say {synonyms}.",
        ),
    ),
])


# --- smart home --------------------------------------------------------------------


def _thermostat_sample(rng):
    args, say = {}, {}
    _put(args, say, "temperature", rng.choice((18, 19, 20, 20.5, 21, 21.5, 22, 23, 24)))
    if maybe(rng):
        _put(args, say, "mode", rng.choice(("heat", "cool", "auto")))
    return args, say


def _lights_sample(rng):
    args, say = {}, {}
    rooms = rng.sample(ROOMS, rng.randint(1, 3))
    _put(args, say, "rooms", rooms, _and(rooms))
    on = rng.random() < 0.6
    _put(args, say, "turn_on", on, "on" if on else "off")
    if on and maybe(rng):
        _put(args, say, "brightness", rng.choice((20, 30, 50, 60, 75, 80, 100)))
    return args, say


def _lock_sample(rng):
    args, say = {}, {}
    _put(args, say, "door", rng.choice(("front door", "back door", "garage door")))
    lock = rng.random() < 0.6
    _put(args, say, "lock", lock, "lock" if lock else "unlock")
    return args, say


def _energy_sample(rng):
    args, say = {}, {}
    _put(args, say, "period", rng.choice(("today", "this week", "this month")))
    if maybe(rng):
        _put(args, say, "device", rng.choice(APPLIANCES))
    return args, say


def _energy_respond(a, rng):
    scale = {"today": 1, "this week": 7, "this month": 30}[a["period"]] * (0.25 if "device" in a else 1)
    kwh = round(rng.uniform(6, 14) * scale, 1)
    return {"kwh": kwh, "cost": round(kwh * rng.uniform(0.15, 0.35), 2),
            "change_percent": round(rng.uniform(-15, 15), 1)}


TOOLS.extend([
    Tool(
        name="set_thermostat",
        domain="smart_home",
        description="Set the home thermostat's target temperature",
        params=(
            P("temperature", "number", "Target temperature in degrees Celsius"),
            P("mode", "string", "The thermostat mode", required=False, enum=("heat", "cool", "auto")),
        ),
        sample=_thermostat_sample,
        requests=(
            "Set the thermostat to {temperature} degrees.",
            "Change the temperature at home to {temperature} degrees, please.",
            "Set the thermostat to {temperature} degrees in {mode} mode.",
            "Switch the thermostat to {mode} and set it to {temperature} degrees.",
        ),
        respond=lambda a, rng: {"target_temperature": a["temperature"], "mode": a.get("mode", "auto"),
                                "current_temperature": round(rng.uniform(16, 27), 1)},
        answers=(
            "The thermostat is now set to {target_temperature} degrees in {mode} mode. It's currently "
            "{current_temperature} degrees inside.",
            "Done! Target: {target_temperature} degrees ({mode}). Right now it's {current_temperature} degrees.",
        ),
    ),
    Tool(
        name="control_lights",
        domain="smart_home",
        description="Turn the lights in some rooms on or off",
        params=(
            P("rooms", "array", "The rooms, e.g. kitchen", items="string"),
            P("turn_on", "boolean", "True to switch on, false to switch off"),
            P("brightness", "integer", "Brightness in percent, when switching on", required=False),
        ),
        sample=_lights_sample,
        requests=(
            "Turn {turn_on} the lights in the {rooms}.",
            "Can you switch {turn_on} the {rooms} lights?",
            "Turn {turn_on} the lights in the {rooms} at {brightness}% brightness.",
            "Switch {turn_on} the {rooms} lights and set them to {brightness}%.",
        ),
        respond=lambda a, rng: {"rooms_updated": len(a["rooms"]), "state": "on" if a["turn_on"] else "off"},
        answers=(
            "Done! The lights in the {rooms} are now {state}.",
            "I've switched the {rooms} lights {state}.",
        ),
    ),
    Tool(
        name="lock_door",
        domain="smart_home",
        description="Lock or unlock a smart door lock",
        params=(
            P("door", "string", "Which door", enum=("front door", "back door", "garage door")),
            P("lock", "boolean", "True to lock, false to unlock"),
        ),
        sample=_lock_sample,
        requests=(
            "Please {lock} the {door}.",
            "Can you {lock} the {door} for me?",
            "I'm not at home right now. Could you {lock} the {door}?",
        ),
        respond=lambda a, rng: {"status": "locked" if a["lock"] else "unlocked", "battery_level": rng.randint(20, 100)},
        answers=(
            "The {door} is now {status}. Lock battery: {battery_level}%.",
            "Done, your {door} is {status}.",
        ),
    ),
    Tool(
        name="get_energy_usage",
        domain="smart_home",
        description="Get the home's electricity usage over a period",
        params=(
            P("period", "string", "The period to report", enum=("today", "this week", "this month")),
            P("device", "string", "Only this appliance, e.g. fridge", required=False),
        ),
        sample=_energy_sample,
        requests=(
            "How much electricity have I used {period}?",
            "Show me my home energy usage for {period}.",
            "How much energy has the {device} used {period}?",
            "What's the {device}'s power consumption for {period}?",
        ),
        respond=_energy_respond,
        answers=(
            "You've used {kwh} kWh {period}, costing about ${cost} ({change_percent}% compared with the "
            "previous period).",
            "Energy use for {period}: {kwh} kWh, roughly ${cost}.",
        ),
    ),
])


# --- jobs --------------------------------------------------------------------------


def _search_jobs_sample(rng):
    args, say = {}, {}
    _put(args, say, "title", rng.choice(JOB_TITLES))
    _put(args, say, "location", rng.choice(CITIES))
    extra = _extra(rng, "remote", "employment_type")
    if extra == "remote":
        _put(args, say, "remote", True, "fully remote")
    elif extra == "employment_type":
        _put(args, say, "employment_type", rng.choice(("full-time", "part-time", "contract")))
    return args, say


def _search_jobs_respond(a, rng):
    low = rng.randrange(40000, 120000, 5000)
    return {"num_results": rng.randint(3, 150), "top_company": rng.choice(EMPLOYERS),
            "top_job_id": _code(rng, "JOB-", 5), "salary_range": f"${low:,} - ${low + rng.choice((10000, 20000)):,}",
            "posted": f"{rng.randint(1, 14)} days ago"}


def _apply_sample(rng):
    args, say = {}, {}
    _put(args, say, "job_id", _code(rng, "JOB-", 5))
    name = _person(rng)
    args["applicant"] = {"full_name": name, "email": _email(name)}
    say["full_name"], say["email"] = name, _email(name)
    if maybe(rng):
        _put(args, say, "available_from", _date(rng))
    return args, say


def _salary_sample(rng):
    args, say = {}, {}
    _put(args, say, "job_title", rng.choice(JOB_TITLES))
    _put(args, say, "location", rng.choice(CITIES))
    _put(args, say, "years_experience", rng.randint(2, 15))
    return args, say


def _salary_respond(a, rng):
    median = round(rng.uniform(45000, 110000) * (1 + a["years_experience"] * 0.03), -3)
    return {"median_salary": int(median), "low": int(round(median * 0.8, -3)), "high": int(round(median * 1.25, -3)),
            "currency": "USD"}


TOOLS.extend([
    Tool(
        name="search_jobs",
        domain="jobs",
        description="Search job listings by title and location",
        params=(
            P("title", "string", "The job title"),
            P("location", "string", "The city"),
            P("remote", "boolean", "Only remote positions", required=False),
            P("employment_type", "string", "The type of contract", required=False,
              enum=("full-time", "part-time", "contract")),
        ),
        sample=_search_jobs_sample,
        requests=(
            "Find {title} jobs in {location}.",
            "Are there any openings for {title} roles in {location}?",
            "Find {remote} {title} jobs based in {location}.",
            "Search for {title} positions in {location} that are {remote}.",
            "Find {employment_type} {title} jobs in {location}.",
            "I'm looking for {employment_type} {title} work in {location}.",
        ),
        respond=_search_jobs_respond,
        answers=(
            "I found {num_results} {title} jobs in {location}. The top match is at {top_company} (job ID "
            "{top_job_id}), paying {salary_range}.",
            "{top_company} is hiring: {title} in {location}, {salary_range}, posted {posted} (job {top_job_id}).",
        ),
    ),
    Tool(
        name="apply_for_job",
        domain="jobs",
        description="Submit a job application for a listing",
        params=(
            P("job_id", "string", "The listing's ID, e.g. JOB-12345"),
            P("applicant", "object", "The applicant's contact details", properties=(
                P("full_name", "string", "Full name"),
                P("email", "string", "Email address"),
            )),
            P("available_from", "string", "Earliest start date, YYYY-MM-DD", required=False),
        ),
        sample=_apply_sample,
        requests=(
            "Apply to job {job_id} for me. Name: {full_name}, email: {email}.",
            "Please submit an application for {job_id} as {full_name} ({email}).",
            "Apply for {job_id} on behalf of {full_name}, {email}. I can start on {available_from}.",
            "Send my application for job {job_id}: {full_name}, {email}, available from {available_from}.",
        ),
        respond=lambda a, rng: {"application_id": _code(rng, "APP-"), "status": "submitted",
                                "response_within": f"{rng.randint(3, 14)} days"},
        answers=(
            "Your application for {job_id} has been submitted (ID {application_id}). A confirmation was sent "
            "to {email}.",
            "Done! {full_name}'s application for {job_id} is in. Expect a response within {response_within}.",
        ),
    ),
    Tool(
        name="estimate_salary",
        domain="jobs",
        description="Estimate the typical salary for a job in a city",
        params=(
            P("job_title", "string", "The job title"),
            P("location", "string", "The city"),
            P("years_experience", "integer", "Years of experience"),
        ),
        sample=_salary_sample,
        requests=(
            "What does a {job_title} in {location} earn with {years_experience} years of experience?",
            "Estimate the salary for a {job_title} in {location} with {years_experience} years' experience.",
            "I'm negotiating an offer. What's a fair salary for {job_title} roles in {location} at "
            "{years_experience} years of experience?",
        ),
        respond=_salary_respond,
        answers=(
            "A {job_title} in {location} with {years_experience} years of experience typically earns around "
            "{median_salary} {currency} a year (range {low} to {high}).",
            "Expect about {median_salary} {currency} per year, with most offers between {low} and {high}.",
        ),
    ),
])
