"""Many more kinds of tools for training: procedurally made, from parts.

The catalogue's 66 seen tools teach those tools: more rows of them raise the
seen tools' AST match and leave the held-out ones where they were
(`benchmarks/recipes.py`). A model that must call tools it never saw has to
learn the general skill instead: read each name and schema in the list, pick
the one the request names, copy each value into the slot whose description
fits it. Here that skill gets 127 more tools to practise on, made from

* an entity and its domain ("vet appointment", pets) and the verbs that fit
  it (book, cancel, reschedule): `book_vet_appointment` and
  `cancel_vet_appointment` are offered side by side, so only the verb in the
  request tells them apart;
* 1-4 parameters drawn from kinds that trip a small model (the second
  sitting's wrong arguments): several numbers in one request ("3 guests, 2
  nights"), booleans said as negations ("without notifying anyone" -> false),
  values with signs and dashes ("+44-20-7946-0123"), optional arguments that
  are stated and must not be left out. They are drawn at random, so a
  request may read oddly ("register a domain name on floor 16"): what it
  trains is putting each stated value in the slot its words name.

`synth_tools(seed)` returns `catalogue.Tool`s, so `datagen.Generator` writes
their conversations exactly as it writes the catalogue's. No entity borrows a
held-out tool's subject (loans, prices, lights, restaurants, air quality,
artists, elements, news, standings, text messages), nor the verb
`compare`: the held-out split stays as hard as it was.

Measured (`benchmarks/recipes.py --synth 256`, its docstring): in place of
256 catalogue conversations they raise AST match on the held-out split
from 51.8 to 55.5 %, through the seen tools' arguments and parallel requests;
the unseen tools do not move. A request here names its tool ("Please book a
vet appointment ..."); a held-out one says what it wants in its own words.
`synth_tools(goals=True)` says the same requests as goals in the user's words instead
(GOALS, "My dog needs a check-up at the animal clinic"): measured the same way, worse (AST 50.7 %, unseen 44.4):
with no word shared, two phrasings a tool do not teach a small model to match by meaning.
`goals="both"` keeps the named requests and adds the goals: overall level (54.6 %), but the first
rise of the unseen tools (48.9 -> 52.8 %), paid for by the seen ones (62.0 -> 56.4 %).

>>> tools = synth_tools(0)
>>> len(tools), tools[0].name
(127, 'book_vet_appointment')
"""

from __future__ import annotations

import random
from itertools import combinations

from .catalogue import FIRST_NAMES, LAST_NAMES, CITIES, TOOLS, P, Tool, _code, _date, _time

# (entity, domain, verbs). The verb is the name's first word and the request's.
ENTITIES = (
    ("vet appointment", "pets", ("book", "cancel", "reschedule")),
    ("grooming session", "pets", ("book", "cancel")),
    ("pet sitter", "pets", ("find", "hire")),
    ("parcel", "logistics", ("ship", "track", "insure")),
    ("freight quote", "logistics", ("request", "accept")),
    ("pickup", "logistics", ("schedule", "cancel")),
    ("support ticket", "it_support", ("open", "close", "escalate")),
    ("laptop", "it_support", ("request", "return")),
    ("vpn account", "it_support", ("request", "revoke")),
    ("leave request", "hr", ("submit", "approve", "cancel")),
    ("payslip", "hr", ("get", "email")),
    ("job interview", "hr", ("schedule", "reschedule", "cancel")),
    ("library book", "library", ("reserve", "renew", "return")),
    ("study room", "library", ("book", "cancel")),
    ("plant", "gardening", ("water", "identify")),
    ("garden plot", "gardening", ("rent", "release")),
    ("car", "car_rental", ("rent", "return", "extend")),
    ("car wash", "car_rental", ("book", "cancel")),
    ("insurance claim", "insurance", ("file", "track", "withdraw")),
    ("insurance quote", "insurance", ("get", "accept")),
    ("bank transfer", "banking", ("send", "schedule", "cancel")),
    ("debit card", "banking", ("block", "order", "activate")),
    ("gym class", "fitness", ("book", "cancel", "find")),
    ("personal trainer", "fitness", ("hire", "find")),
    ("concert ticket", "events", ("buy", "resell", "transfer")),
    ("conference badge", "events", ("print", "order")),
    ("wedding venue", "events", ("find", "book")),
    ("cleaning service", "home_services", ("book", "cancel", "rate")),
    ("plumber", "home_services", ("hire", "find")),
    ("moving truck", "home_services", ("rent", "book")),
    ("prescription", "pharmacy", ("refill", "transfer", "check")),
    ("vaccination", "pharmacy", ("schedule", "cancel")),
    ("server", "cloud", ("restart", "resize", "create", "delete")),
    ("database backup", "cloud", ("create", "restore", "delete")),
    ("domain name", "cloud", ("register", "renew", "transfer")),
    ("exam", "school", ("register", "reschedule")),
    ("homework", "school", ("submit", "grade")),
    ("tutor", "school", ("find", "hire")),
    ("bike", "micromobility", ("unlock", "rent", "report")),
    ("scooter", "micromobility", ("unlock", "reserve")),
    ("tax return", "tax", ("file", "amend", "estimate")),
    ("receipt", "expenses", ("upload", "categorize", "approve")),
    ("expense report", "expenses", ("create", "submit", "approve")),
    ("podcast episode", "media", ("download", "publish", "schedule")),
    ("photo album", "media", ("create", "share", "print")),
    ("volunteer shift", "community", ("sign_up_for", "cancel", "swap")),
    ("donation", "community", ("make", "schedule")),
    ("survey", "research", ("create", "send", "close")),
    ("lab sample", "research", ("register", "track", "discard")),
    ("warehouse slot", "logistics", ("reserve", "release")),
)

# Parameter kinds: (name, type, description, sampler). A sampler returns (value, words), where the
# words are the user's, with the value written out as the call must copy it.
PEOPLE = tuple(f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES)
WORDS = ("urgent", "fragile", "blue", "quarterly", "north wing", "project atlas", "team alpha", "spring",
         "weekend", "VIP", "kids", "outdoor", "remote", "evening", "premium", "returning customer")
NOTES = ("Leave it at the front door", "Call me on arrival", "Second floor, ring twice", "Use the side entrance",
         "Handle with care", "No onions please", "Bring the signed form", "Ask for the manager")


def _person(rng):
    v = rng.choice(PEOPLE)
    return v, rng.choice(("for {}", "in the name of {}", "under {}")).format(v)


def _count(unit: str, lo: int, hi: int):
    def sample(rng):
        v = rng.randint(lo, hi)
        return v, rng.choice(("{} {}", "{} {}", "with {} {}")).format(v, unit)
    return sample


def _amount(unit: str, lo: int, hi: int, said: str):
    def sample(rng):
        v = round(rng.uniform(lo, hi), rng.choice((0, 1, 2)))
        v = int(v) if v == int(v) else v
        return v, said.format(v=v, unit=unit)
    return sample


def _enum(values: tuple, said: str):
    def sample(rng):
        v = rng.choice(values)
        return v, said.format(v)
    return sample


def _flag(yes: tuple, no: tuple):
    """A boolean the user says in words, half the time as a negation."""
    def sample(rng):
        v = rng.random() < 0.5
        return v, rng.choice(yes if v else no)
    return sample


def _ident(prefix: str, said: str):
    def sample(rng):
        v = _code(rng, prefix, rng.choice((5, 6)))
        return v, said.format(v)
    return sample


def _phone(rng):
    v = f"+{rng.choice((1, 33, 44, 49, 81))}-{rng.randint(20, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    return v, rng.choice(("at {}", "on {}", "phone number {}")).format(v)


def _tags(rng):
    v = rng.sample(WORDS, rng.choice((1, 2, 3)))
    return v, "tagged " + (v[0] if len(v) == 1 else ", ".join(v[:-1]) + " and " + v[-1])


KINDS = (
    ("customer_name", "string", "Full name of the customer", _person),
    ("contact_name", "string", "Name of the person to contact", _person),
    ("city", "string", "City where it takes place", lambda r: (v := r.choice(CITIES), f"in {v}")),
    ("destination", "string", "City it goes to", lambda r: (v := r.choice(CITIES), f"to {v}")),
    ("date", "string", "Date, YYYY-MM-DD", lambda r: (v := _date(r), f"on {v}")),
    ("start_time", "string", "Start time, HH:MM (24 h)", lambda r: (v := _time(r), f"at {v}")),
    ("quantity", "integer", "How many items", _count("items", 1, 12)),
    ("guests", "integer", "Number of people", _count("people", 2, 20)),
    ("nights", "integer", "Number of nights", _count("nights", 1, 14)),
    ("duration_minutes", "integer", "Length in minutes", _count("minutes", 15, 180)),
    ("floor", "integer", "Floor number", lambda r: (v := r.randint(1, 40), f"on floor {v}")),
    ("weight_kg", "number", "Weight in kilograms", _amount("kg", 1, 60, "weighing {v} {unit}")),
    ("budget", "number", "Most the user will pay, in USD", _amount("", 20, 900, "for at most ${v}")),
    ("distance_km", "number", "Distance in kilometres", _amount("km", 1, 80, "{v} {unit} away")),
    ("priority", "string", "How urgent it is", _enum(("low", "normal", "high"), "{} priority")),
    ("size", "string", "Size", _enum(("small", "medium", "large"), "a {} one")),
    ("format", "string", "File format of the result", _enum(("pdf", "csv", "docx"), "as {}")),
    ("level", "string", "Experience level", _enum(("beginner", "intermediate", "expert"), "at {} level")),
    ("express", "boolean", "Express rather than standard service",
     _flag(("express, please", "the express option"), ("no need for express", "standard, not express"))),
    ("notify", "boolean", "Whether to notify the people involved",
     _flag(("and notify everyone", "with notifications on"), ("without notifying anyone", "no notifications"))),
    ("include_history", "boolean", "Whether to include past records",
     _flag(("including the history", "with past records"), ("without the history", "skip past records"))),
    ("insured", "boolean", "Whether to add insurance",
     _flag(("with insurance", "insured"), ("without insurance", "no insurance needed"))),
    ("reference", "string", "Reference code", _ident("REF-", "reference {}")),
    ("account_id", "string", "Account identifier", _ident("AC", "account {}")),
    ("phone", "string", "Phone number, with country code", _phone),
    ("email", "string", "Email address for the confirmation",
     lambda r: (v := r.choice(FIRST_NAMES).lower() + "." + r.choice(LAST_NAMES).lower() + "@example.org",
                f"email {v}")),
    ("tags", "array", "Labels to attach", _tags),
    ("note", "string", "A note to pass on", lambda r: (v := r.choice(NOTES), f'with the note "{v}"')),
)
# Which kinds must not meet in one tool: they would read alike ("for Alice" twice).
CLASH = ({"customer_name", "contact_name"}, {"city", "destination"}, {"quantity", "guests"})

OPENERS = ("Please {verb} {a} {entity} {slots}.", "Can you {verb} {a} {entity} {slots}?",
           "I need to {verb} {a} {entity} {slots}.", "Could you {verb} {a} {entity} for me, {slots}?",
           "I'd like to {verb} {a} {entity} {slots}.")
ANSWERS = ("Done: the {entity} is {{status}} (reference {{ref}}).",
           "The {entity} is {{status}}; your reference is {{ref}}.")


# Requests that say what the user wants in their own words, never the tool's name words (`synth_tools(goals=True)`):
# a held-out request paraphrases ("Which Mexican restaurants are open?" for find_restaurants), so a tool is picked by
# what it does (measured worse than named requests: the module docstring). Two per tool; "?" keeps a question.
GOALS = {
    "book_vet_appointment": ("My dog needs a check-up at the animal clinic", "Get my cat seen by an animal doctor"),
    "cancel_vet_appointment": ("We won't make it to the animal clinic after all, call off the visit",
                               "Drop the pet check-up we had planned"),
    "reschedule_vet_appointment": ("Move my pet's clinic visit to another slot",
                                   "The dog's check-up needs a new day"),
    "book_grooming_session": ("My poodle needs a haircut and a bath", "Get the dog trimmed and shampooed"),
    "cancel_grooming_session": ("Call off the dog's haircut and bath", "We no longer need the poodle's trim"),
    "find_pet_sitter": ("Who could look after my cat while I'm away?",
                        "Look for someone to mind my dog while I travel"),
    "hire_pet_sitter": ("Engage a carer to mind my cat while I'm away", "Take on the dog minder we met and pay them"),
    "ship_parcel": ("Post this package abroad", "Get this box sent off"),
    "track_parcel": ("Where is my package right now?", "Has the box I posted arrived yet?"),
    "insure_parcel": ("Cover this package against loss or damage",
                      "Protect the box I'm posting in case it gets lost"),
    "request_freight_quote": ("How much would it cost to move a pallet of goods by lorry?",
                              "Price up a cargo shipment for me"),
    "accept_freight_quote": ("Go ahead with the cargo price they offered",
                             "We agree to the haulage estimate, lock it in"),
    "schedule_pickup": ("Have a courier come and collect a package from my place",
                        "Arrange for a driver to collect the boxes"),
    "cancel_pickup": ("The courier no longer needs to come for the boxes", "Call off the collection of my package"),
    "open_support_ticket": ("My email keeps crashing, log a problem with the help desk",
                            "Report a printer fault to the help desk"),
    "close_support_ticket": ("The printer fault is fixed, mark my help desk case as resolved",
                             "My IT problem is solved, wrap up the case"),
    "escalate_support_ticket": ("Nobody has fixed my IT problem, pass it up to a senior engineer",
                                "Push my help desk case up to a manager"),
    "request_laptop": ("I need a new work computer", "Ask IT for a notebook computer for me"),
    "return_laptop": ("Hand back my work computer", "I'm leaving, give the company notebook computer back"),
    "request_vpn_account": ("Set me up with secure remote access to the office network",
                            "I need remote network access for working from home"),
    "revoke_vpn_account": ("Cut off this person's remote access to the office network",
                           "Remove secure remote network access for this person"),
    "submit_leave_request": ("I want to take some days off work", "Put in for time off"),
    "approve_leave_request": ("Say yes to the time off my colleague asked for",
                              "Sign off on the holiday my teammate asked for"),
    "cancel_leave_request": ("I no longer want the days off I asked for", "Call off my planned time off"),
    "get_payslip": ("Show me what I was paid this month", "Let me see my salary statement"),
    "email_payslip": ("Send my salary statement to my inbox", "Mail me the breakdown of my wages"),
    "schedule_job_interview": ("Set up a hiring chat with a candidate",
                               "Put a meeting with the applicant in the calendar"),
    "reschedule_job_interview": ("Move the candidate's hiring chat to another slot",
                                 "The applicant needs a different day for the meeting"),
    "cancel_job_interview": ("Call off the meeting with the applicant",
                             "We filled the role, drop the candidate's chat"),
    "reserve_library_book": ("Hold that novel for me at the lending desk", "Put a hold on a novel I want to borrow"),
    "renew_library_book": ("I need to keep the novel I borrowed a bit longer",
                           "Let me keep the borrowed novel a few more weeks"),
    "return_library_book": ("I've finished the novel I borrowed, hand it back",
                            "Give the borrowed novel back to the lending desk"),
    "book_study_room": ("I need a quiet place to revise with my group",
                        "Reserve a quiet space to work with classmates"),
    "cancel_study_room": ("We don't need the quiet revision space any more", "Call off the group's quiet space"),
    "water_plant": ("My fern looks dry, give it a drink", "The basil needs some moisture"),
    "identify_plant": ("What species is this leafy thing on my balcony?", "Tell me what this flower is called"),
    "rent_garden_plot": ("I'd like a patch of land to grow vegetables", "Get me an allotment to grow tomatoes"),
    "release_garden_plot": ("I'm giving up my vegetable patch", "Hand back the allotment, I no longer grow there"),
    "rent_car": ("I need wheels for the trip", "Hire a vehicle to drive around"),
    "return_car": ("I'm done with the hired vehicle, drop it off", "Bring back the vehicle I hired"),
    "extend_car": ("Keep the hired vehicle a few more days", "I need the vehicle I hired for longer"),
    "book_car_wash": ("My vehicle is filthy, get it cleaned", "Get the vehicle cleaned inside and out"),
    "cancel_car_wash": ("Skip the vehicle cleaning I arranged", "No need to clean the vehicle after all"),
    "file_insurance_claim": ("My phone was stolen and I want my insurer to pay for it",
                             "Ask the insurer to cover the storm damage to my roof"),
    "track_insurance_claim": ("What's happening with the payout for my stolen phone?",
                              "Has the insurer decided on my storm damage case yet?"),
    "withdraw_insurance_claim": ("Drop my case with the insurer, I found the phone",
                                 "I no longer want the insurer to pay for the roof"),
    "get_insurance_quote": ("How much would it cost to cover my flat?",
                            "What premium would I pay to protect my home?"),
    "accept_insurance_quote": ("Go ahead with the cover price they offered for my flat",
                               "Take the premium the insurer offered me"),
    "send_bank_transfer": ("Move money from my account to my landlord", "Pay my friend back from my current account"),
    "schedule_bank_transfer": ("Pay my landlord later, on a set day", "Set money to go to my friend at a later date"),
    "cancel_bank_transfer": ("Stop the payment to my landlord",
                             "Call off the money I was going to move to my friend"),
    "block_debit_card": ("My wallet was stolen, stop anyone paying with my plastic",
                         "Freeze the plastic I use at the till"),
    "order_debit_card": ("I need new plastic for paying in shops",
                         "Send me a replacement for the plastic I pay with"),
    "activate_debit_card": ("My new plastic for paying in shops arrived, switch it on",
                            "Turn on the replacement plastic that just came in the post"),
    "book_gym_class": ("Get me a spot in the spin session", "Sign me up for a yoga session at the fitness centre"),
    "cancel_gym_class": ("I can't make the spin session, take me off the list", "Drop my place in the yoga session"),
    "find_gym_class": ("What yoga sessions are on at the fitness centre?",
                       "Are there any spin sessions I could join?"),
    "hire_personal_trainer": ("Take on a coach to get me fit, and pay them",
                              "Engage a fitness coach for one-to-one workouts"),
    "find_personal_trainer": ("Who could coach me one-to-one at the fitness centre?",
                              "Look for a fitness coach near me"),
    "buy_concert_ticket": ("Get me entry to the live show", "I want a seat at the gig"),
    "resell_concert_ticket": ("I can't go to the gig any more, put my seat up for sale",
                              "Sell on my seat for the live show"),
    "transfer_concert_ticket": ("Give my seat at the gig to a friend",
                                "Pass my entry for the live show on to someone else"),
    "print_conference_badge": ("I need my summit name tag on paper", "Produce a paper copy of my summit name tag"),
    "order_conference_badge": ("Get me a name tag for the summit", "I need a summit name tag sent to me"),
    "find_wedding_venue": ("Where could we hold our marriage celebration?",
                           "Look for a place for our reception after the ceremony"),
    "book_wedding_venue": ("Secure the hall for our marriage celebration",
                           "Lock in the place for our reception after the ceremony"),
    "book_cleaning_service": ("Send someone to tidy my flat", "Get a housekeeper in to scrub the kitchen"),
    "cancel_cleaning_service": ("The housekeeper doesn't need to come after all", "Call off the tidying of my flat"),
    "rate_cleaning_service": ("The housekeeper did a great job, give them stars",
                              "Leave a score for the person who tidied my flat"),
    "hire_plumber": ("Get someone in to fix my leaking pipe and pay them",
                     "Engage a tradesperson to unblock the drain"),
    "find_plumber": ("Who could fix a leaking pipe near me?", "Look for a tradesperson to unblock my drain"),
    "rent_moving_truck": ("I need a big van to move house", "Hire a lorry to shift my furniture"),
    "book_moving_truck": ("Secure a big van for the day I change house", "Lock in a lorry for my house move"),
    "refill_prescription": ("I'm running out of my medicine, get me more", "Top up my usual tablets"),
    "transfer_prescription": ("Move my medicine order to the chemist near my new home",
                              "Have a different chemist dispense my tablets"),
    "check_prescription": ("Is my medicine ready to collect?", "What's the status of my tablets at the chemist?"),
    "schedule_vaccination": ("I need a flu jab", "Set up a time to get my booster shot"),
    "cancel_vaccination": ("I no longer need the flu jab slot", "Call off my booster shot"),
    "restart_server": ("The web host is frozen, turn it off and on again", "Reboot the machine behind our website"),
    "resize_server": ("Our website's machine needs more memory", "Give the app's virtual machine more CPUs"),
    "create_server": ("Spin up a new virtual machine for the app", "Set up a fresh cloud machine for testing"),
    "delete_server": ("Tear down the old virtual machine", "We no longer need the test cloud machine, remove it"),
    "create_database_backup": ("Take a snapshot of our customer records",
                               "Save a copy of all our stored records now"),
    "restore_database_backup": ("Put the customer records as they were in last night's snapshot",
                                "Make our records what they were in the saved copy"),
    "delete_database_backup": ("Remove the old snapshot of our records",
                               "Throw away last month's saved copy of the records"),
    "register_domain_name": ("I want a web address for my bakery", "Claim a web address for my new shop"),
    "renew_domain_name": ("Keep my web address for another year", "Don't let my website's address lapse"),
    "transfer_domain_name": ("Move my web address to a different registrar",
                             "Take my website's address to another provider"),
    "register_exam": ("Enter me to sit the maths test", "Put me down for the final physics test"),
    "reschedule_exam": ("I'm ill, move my maths test to another day",
                        "Find me a different sitting for the final test"),
    "submit_homework": ("Hand in my essay for the history class", "Turn in my maths assignment"),
    "grade_homework": ("Mark this pupil's essay", "Give a score to the assignment my student turned in"),
    "find_tutor": ("Who could give my son extra maths lessons?", "Look for someone to teach me French one-to-one"),
    "hire_tutor": ("Take on the maths coach we met for my son and pay them",
                   "Engage a French teacher for private lessons"),
    "unlock_bike": ("Release the shared bicycle in front of me so I can ride it",
                    "Let me ride the shared bicycle at this dock"),
    "rent_bike": ("I want a bicycle for the afternoon", "Hire a bicycle for a ride around town"),
    "report_bike": ("The shared bicycle I rode has a flat tyre, tell the operator",
                    "Let them know the bicycle at this dock is broken"),
    "unlock_scooter": ("Free the electric kickboard right here so I can ride",
                       "Let me ride the electric kickboard by the station"),
    "reserve_scooter": ("Hold an electric kickboard for me near the station",
                        "Keep an electric kickboard aside for me"),
    "file_tax_return": ("Declare my income to the revenue office",
                        "Send my yearly income declaration to the government"),
    "amend_tax_return": ("I made a mistake on my income declaration, correct it",
                         "Fix the figures I declared to the revenue office"),
    "estimate_tax_return": ("How much will I owe the revenue office this year?",
                            "Roughly what will my bill from the revenue office be?"),
    "upload_receipt": ("Here is the slip from lunch, add it to my records",
                       "Add the photo of my lunch bill to the system"),
    "categorize_receipt": ("Put my lunch slip under meals", "Sort the taxi slip into travel costs"),
    "approve_receipt": ("Sign off on the lunch slip my colleague sent in", "OK the taxi bill my teammate added"),
    "create_expense_report": ("Start a claim for my business trip costs",
                              "Put together my trip spending for reimbursement"),
    "submit_expense_report": ("Send my trip spending claim to finance",
                              "Hand in my reimbursement claim for the trip"),
    "approve_expense_report": ("Sign off on my teammate's trip spending claim",
                               "OK the reimbursement claim from my colleague"),
    "download_podcast_episode": ("Save the latest show of that audio series to my phone",
                                 "Put the newest audio show on my device to hear offline"),
    "publish_podcast_episode": ("Put our new audio show live", "Release our latest recorded show to listeners"),
    "schedule_podcast_episode": ("Set our new audio show to go live later",
                                 "Have our recorded show come out on a set day"),
    "create_photo_album": ("Gather my holiday pictures into a collection",
                           "Start a collection for the wedding pictures"),
    "share_photo_album": ("Let my family see the holiday pictures", "Give my friends access to the wedding pictures"),
    "print_photo_album": ("I want a physical copy of my holiday pictures",
                          "Make a paper book of the wedding pictures"),
    "sign_up_for_volunteer_shift": ("Put me down to help at the food bank", "I'd like to help out at the charity"),
    "cancel_volunteer_shift": ("I can't help at the food bank after all", "Take me off the charity rota"),
    "swap_volunteer_shift": ("Trade my food bank slot with someone else's",
                             "Exchange my charity rota slot with a colleague's"),
    "make_donation": ("Give some money to the animal charity", "I want to give to the children's hospital fund"),
    "schedule_donation": ("Give to the animal charity on a set day", "Set up a gift to the hospital fund for later"),
    "create_survey": ("Draft a questionnaire for our customers", "Put together a few questions to ask users"),
    "send_survey": ("Mail the questionnaire out to our customers", "Get the questionnaire to our users"),
    "close_survey": ("Stop taking answers to the questionnaire", "No more responses to our questionnaire please"),
    "register_lab_sample": ("Log this blood specimen into the system", "Record a new tissue specimen"),
    "track_lab_sample": ("Where is the blood specimen we sent?",
                         "Has the tissue specimen reached the testing facility?"),
    "discard_lab_sample": ("Throw away the expired blood specimen", "Dispose of the old tissue specimen"),
    "reserve_warehouse_slot": ("Hold storage space for our pallets", "Keep some storage space aside for our stock"),
    "release_warehouse_slot": ("We no longer need the storage space, free it",
                               "Give back our storage space for pallets"),
}


def _article(entity: str) -> str:
    return "an" if entity[0] in "aeiou" else "a"


def _tool(entity: str, domain: str, verb: str, rng: random.Random, goals: bool | str = False) -> Tool:
    kinds, want = [], rng.choice((1, 2, 3, 3, 4))
    for kind in rng.sample(KINDS, len(KINDS)):
        if not any(kind[0] in c and any(k[0] in c for k in kinds) for c in CLASH):
            kinds.append(kind)
        if len(kinds) == want:
            break
    n_required = rng.randint(1, len(kinds))
    params = tuple(P(name, typ, desc, required=i < n_required, items="string" if typ == "array" else None)
                   for i, (name, typ, desc, _) in enumerate(kinds))
    samplers = {name: s for name, _, _, s in kinds}
    optional = [p.name for p in params if not p.required]
    spoken = verb.replace("_", " ")

    def sample(r):
        args, say = {}, {}
        for p in params:
            if p.required or r.random() < 0.5:
                args[p.name], say[p.name] = samplers[p.name](r)
        return args, say

    requests, runs = [], []
    for k in range(len(optional) + 1):
        for extra in combinations(optional, k):
            names = [p.name for p in params if p.required] + list(extra)
            for opener in rng.sample(OPENERS, 2):
                order = rng.sample(names, len(names))
                runs.append(", ".join("{" + n + "}" for n in order))
                requests.append(opener.format(verb=spoken, a=_article(entity), entity=entity, slots=runs[-1]))
    name = f"{verb}_{entity.replace(' ', '_')}"
    if goals == "both":  # each run of slots said both ways: the name's words and the user's goal
        requests = [*requests, *_goal_requests(name, runs)]
    elif goals:  # the same slots said after a goal; its own rng, so the tools' parameters match goals=False's
        requests = _goal_requests(name, runs)
    return Tool(
        name=name, domain=f"synth_{domain}",
        description=f"{spoken.capitalize()} {_article(entity)} {entity}.",
        params=params, sample=sample, requests=tuple(requests),
        respond=lambda a, r: {"status": r.choice(("confirmed", "done", "accepted")), "ref": _code(r, "SX-", 6)},
        answers=tuple(a.format(entity=entity) for a in ANSWERS))


def _goal_requests(name: str, slot_runs: list[str]) -> tuple[str, ...]:
    """Each run of slots after one of the tool's GOALS, a question kept a question.

    >>> _goal_requests("track_parcel", ["{reference}"])[0]
    'Where is my package right now, {reference}?'
    """
    rng, out = random.Random(f"goals-{name}"), []
    for i, slots in enumerate(slot_runs):
        goal = GOALS[name][i % 2]
        if goal.endswith("?"):
            out.append(f"{goal[:-1]}, {slots}?")
        else:
            out.append(rng.choice(("{g}, {s}.", "{g} {s}.", "{g}: {s}.")).format(g=goal, s=slots))
    return tuple(out)


def synth_tools(seed: int = 0, goals: bool | str = False) -> list[Tool]:
    """One tool per (entity, verb), its parameters drawn by `seed`; names never a catalogue tool's.

    `goals=True`: the same tools, their requests said in the user's words (GOALS) instead of the name's.
    `goals="both"`: each tool keeps its named requests and gains the goal ones (twice as many requests).
    """
    if goals not in (False, True, "both"):
        raise ValueError(f"goals must be False, True or 'both', not {goals!r}")
    rng = random.Random(f"synth-{seed}")
    taken = {t.name for t in TOOLS}
    tools = [_tool(e, d, v, rng, goals) for e, d, verbs in ENTITIES for v in verbs]
    return [t for t in tools if t.name not in taken]


def synth_rows(n: int, seed: int = 0, goals: bool | str = False) -> list[dict]:
    """`n` conversations (the bundled data's schema and mix of kinds) over `synth_tools(seed, goals)`.

    Ids are `syn-00000`...: they cannot meet the bundled rows' `fc-` ids.
    """
    from .datagen import KIND_WEIGHTS, Generator

    gen, pool = Generator(seed), synth_tools(seed, goals)
    kinds = list(KIND_WEIGHTS)
    out = []
    for i in range(n):
        kind = gen.rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
        out.append({"id": f"syn-{i:05d}", "kind": kind, "conversations": gen.conversation(kind, pool)})
    return out
