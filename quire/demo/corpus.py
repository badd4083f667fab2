"""Original text for demo hubs: topics per channel, and sentence patterns that read as
plain, friendly prose when filled in. Written for Quire; nothing here is copied."""

# channel name (None = the site's own channel) -> topics: (topic, a thing, a place or tool)
TOPICS: dict[str | None, list[tuple[str, str, str]]] = {
    "Arts": [
        ("watercolour sketching", "a small travel palette", "a park bench"),
        ("linocut printing", "a sharp gouge", "the kitchen table"),
        ("learning the cello as an adult", "a rented instrument", "a quiet spare room"),
        ("street photography", "a fixed-lens camera", "a busy market"),
    ],
    "Autos": [
        ("restoring a 1970s hatchback", "a rusty wheel arch", "a rented garage"),
        ("driving an electric car in winter", "a heat pump", "a mountain pass"),
        ("changing your own brake pads", "a torque wrench", "the driveway"),
        ("planning a long road trip", "a paper atlas", "the open road"),
    ],
    "Books": [
        ("reading fifty books in a year", "a library card", "the morning commute"),
        ("starting a neighbourhood book club", "a shared reading list", "a café back room"),
        ("rereading childhood favourites", "a dog-eared paperback", "a rainy afternoon"),
        ("keeping a reading journal", "a plain notebook", "the bedside table"),
    ],
    "Business": [
        ("running a one-person bakery", "a second-hand oven", "a weekend market"),
        ("pricing freelance work", "a simple spreadsheet", "a home office"),
        ("hiring your first employee", "a clear job description", "a small workshop"),
        ("surviving a slow season", "a cash-flow forecast", "a seaside shop"),
    ],
    "Education": [
        ("learning a language after forty", "a stack of flash cards", "an evening class"),
        ("homeschooling for one year", "a weekly timetable", "the living room"),
        ("teaching maths with board games", "a pair of dice", "a primary classroom"),
        ("studying for exams without burning out", "a kitchen timer", "the local library"),
    ],
    "Entertainment": [
        ("the slow return of radio drama", "a pair of headphones", "a long drive"),
        ("why we rewatch comfort shows", "a familiar theme tune", "the sofa"),
        ("running a film night for neighbours", "a borrowed projector", "a community hall"),
        ("the craft of stand-up comedy", "a notebook of jokes", "an open-mic night"),
    ],
    "Family": [
        ("screen-free weekends", "a box of board games", "the back garden"),
        ("cooking with young children", "a step stool", "a crowded kitchen"),
        ("caring for an ageing parent", "a shared calendar", "a hospital waiting room"),
        ("family walks in every weather", "a pair of wellies", "the woods near home"),
    ],
    "Fashion": [
        ("building a capsule wardrobe", "a good wool coat", "a small closet"),
        ("mending clothes instead of replacing them", "a darning mushroom", "the sewing box"),
        ("buying vintage with confidence", "a tape measure", "a flea market"),
        ("caring for leather shoes", "a horsehair brush", "the hallway"),
    ],
    "Food": [
        ("baking sourdough at home", "a lively starter", "a cool kitchen"),
        ("weeknight curries from the pantry", "a jar of toasted spices", "a small flat"),
        ("preserving summer tomatoes", "a big stock pot", "an allotment"),
        ("making fresh pasta by hand", "a wooden board", "a family kitchen"),
    ],
    "Games": [
        ("teaching chess to beginners", "a roll-up board", "a school club"),
        ("designing your own board game", "a stack of index cards", "the dining table"),
        ("speedrunning old platform games", "a battered controller", "a late-night stream"),
        ("hosting a tabletop role-playing campaign", "a bag of dice", "a friend's attic"),
    ],
    "Gender": [
        ("sharing housework fairly", "a chore chart", "a two-income household"),
        ("women in the trades", "a tool belt", "a building site"),
        ("talking with boys about feelings", "a long car ride", "the school gate"),
        ("parental leave for fathers", "a company policy", "a newborn's nursery"),
    ],
    "Health": [
        ("walking ten thousand steps", "a cheap pedometer", "the neighbourhood streets"),
        ("sleeping better without pills", "a dim bedside lamp", "a quiet bedroom"),
        ("starting strength training at fifty", "a pair of dumbbells", "the garage gym"),
        ("eating more vegetables", "a weekly veg box", "the farmers' market"),
    ],
    "Holidays": [
        ("a low-waste winter holiday", "a roll of brown paper", "a crowded living room"),
        ("harvest festivals around the world", "a basket of apples", "a village green"),
        ("planning a calm family reunion", "a shared menu", "a rented cottage"),
        ("new year traditions worth keeping", "a list of small goals", "the kitchen table"),
    ],
    "Home": [
        ("growing vegetables on a balcony", "a deep planter", "a fourth-floor balcony"),
        ("painting a room like a professional", "a good angled brush", "the spare bedroom"),
        ("fixing a dripping tap", "an adjustable spanner", "the bathroom"),
        ("decluttering one drawer at a time", "three cardboard boxes", "the hallway"),
    ],
    None: [
        ("writing your first hub", "a clear working title", "the editor"),
        ("using charts and tables in a hub", "a small data table", "the chart capsule"),
        ("how channels work on this site", "the channel bar", "the front page"),
        ("choosing good pictures for a hub", "a well-lit photograph", "the image library"),
    ],
    "Personal Finance": [
        ("building an emergency fund", "a separate savings account", "a tight budget"),
        ("paying off a credit card", "a repayment plan", "the monthly statement"),
        ("saving for a first home", "an automatic transfer", "a rented flat"),
        ("budgeting on an irregular income", "a simple envelope system", "a freelance year"),
    ],
    "Pets": [
        ("adopting an older dog", "a soft orthopaedic bed", "the rescue centre"),
        ("keeping indoor cats happy", "a tall scratching post", "a sunny windowsill"),
        ("setting up a first aquarium", "a water test kit", "the living room"),
        ("training a reactive dog", "a pocket of treats", "a quiet park"),
    ],
    "Politics": [
        ("how local councils spend their budgets", "a published spending report", "the town hall"),
        ("why turnout in local elections is low", "a polling card", "a school polling station"),
        ("reading a manifesto critically", "a highlighter pen", "the kitchen table"),
        ("the case for citizens' assemblies", "a randomly chosen panel", "a community centre"),
    ],
    "Religion": [
        ("the history of pilgrim routes", "a walking staff", "a hilltop chapel"),
        ("keeping a daily quiet hour", "a simple candle", "an early morning room"),
        ("interfaith friendships", "a shared meal", "a neighbourhood festival"),
        ("old monastery gardens", "a bed of herbs", "a walled cloister"),
    ],
    "Sports": [
        ("training for a first half marathon", "a pair of worn-in trainers", "the river path"),
        ("coaching a youth football team", "a bag of cones", "a muddy pitch"),
        ("learning to swim as an adult", "a pair of goggles", "the public pool"),
        ("the rise of amateur cycling clubs", "a well-oiled chain", "a country lane"),
    ],
    "Technology": [
        ("self-hosting your own website", "a small virtual server", "a home office"),
        ("keeping an old laptop useful", "a lightweight Linux system", "the spare desk"),
        ("backing up family photos", "two external drives", "a shoebox of memories"),
        ("learning to program with Python", "a free code editor", "an evening course"),
    ],
    "Travel": [
        ("travelling Europe by night train", "a couchette ticket", "a border station"),
        ("packing light for two weeks", "a 30-litre backpack", "a budget airline gate"),
        ("slow travel in small towns", "a regional bus pass", "a market square"),
        ("walking a coastal path", "a waterproof map", "a windy headland"),
    ],
}

TITLE_PATTERNS = [
    "A Beginner's Guide to {Topic}",
    "What I Learned From a Year of {Topic}",
    "{Topic}: Seven Lessons the Hard Way",
    "Why {Topic} Is Worth Your Time",
    "What Nobody Tells You About {Topic}",
    "{Topic}, One Step at a Time",
    "The Honest Truth About {Topic}",
    "Getting Started With {Topic} on a Small Budget",
]

SUMMARY_PATTERNS = [
    "A practical, honest look at {topic}: where to begin, what it costs and the mistakes "
    "worth avoiding.",
    "After a long stretch of {topic}, here is what worked, what did not, and what I would "
    "tell a friend starting today.",
    "Everything I wish I had known before {topic}, from {thing} to {place}.",
    "A short guide to {topic} for the curious, with a few numbers and plenty of first-hand advice.",
]

OPENINGS = [
    "I came to {topic} almost by accident, and I was not expecting to stay.",
    "For years I thought {topic} was something other people did.",
    "It started with {thing} and a free Saturday.",
    "Ask ten people about {topic} and you will hear ten different stories.",
    "Nobody warned me how much {topic} would change my week.",
]

SENTENCES = [
    "The first weeks were clumsy, and that turned out to be part of the fun.",
    "What surprised me most was how little equipment it really takes.",
    "{Thing} made more difference than anything I bought later.",
    "Most of what I know I learned at {place}, by trial and a fair amount of error.",
    "There is no single right way to do this, whatever the confident voices online say.",
    "Small, regular sessions beat the occasional heroic effort every time.",
    "I kept notes from the start, and rereading them now is humbling.",
    "The people I met along the way were generous with their time and advice.",
    "If you only remember one thing, make it this: start smaller than you think.",
    "Costs add up quietly, so it pays to decide on a budget before you begin.",
    "Some days nothing works, and those days teach the most.",
    "It helps to have a friend who is a few steps ahead of you.",
    "Patience matters more than talent here, at least in the first year.",
    "I was wrong about several things, and I will point them out as we go.",
    "Good habits are boring to describe and wonderful to have.",
    "The difference between a good result and a great one is usually preparation.",
    "Looking back, I would have asked for help much sooner.",
    "A little curiosity goes a long way, and so does a sense of humour.",
    "You do not need permission to begin, only a free hour and some attention.",
    "Every expert I spoke to said the same thing: keep it simple.",
    "It is easy to overthink {topic}; the doing is where the learning happens.",
    "I still remember the first time it went right, at {place}.",
    "There are cheaper ways to start than the shops would have you believe.",
    "Once the basics click, progress comes faster than you expect.",
]

QUOTED = [
    "As an old hand told me at {place}, “you learn it with your hands, not your head.”",
    "My neighbour put it best: “do a little, often, and stop before you are tired.”",
    "A teacher once said to me, “the mistakes are the lesson,” and she was right.",
]

HEADINGS = [
    "Where to start",
    "The mistakes I made",
    "What the numbers say",
    "A few practical tips",
    "What it costs",
    "What I would do differently",
    "Finding your people",
    "Keeping it going",
]

LIST_ITEMS = [
    "Start with {thing} and nothing else for the first month.",
    "Set aside a regular time each week, even if it is only half an hour.",
    "Keep a short log of what you tried and how it went.",
    "Ask someone experienced to look over your first attempts.",
    "Borrow before you buy; most kit can be tried for free.",
    "Celebrate small wins, and write them down.",
    "Visit {place} at a quiet time to get a feel for it.",
    "Decide what “good enough” means before you begin.",
    "Take photographs of your progress to compare later.",
    "Rest properly; tired people make avoidable mistakes.",
]

PULL_QUOTES = [
    "You do not need to be good at it to enjoy it. You only need to keep showing up.",
    "The best advice I ever got was to slow down and pay attention.",
    "Every expert was once a beginner who refused to give up.",
    "Start before you feel ready; readiness arrives halfway through.",
]

COUNTRIES = [
    "Portugal",
    "Spain",
    "France",
    "Ireland",
    "Germany",
    "Netherlands",
    "Poland",
    "Italy",
    "Sweden",
    "Norway",
    "Finland",
    "Greece",
    "Canada",
    "United States",
    "Mexico",
    "Brazil",
    "Argentina",
    "Kenya",
    "Nigeria",
    "South Africa",
    "India",
    "Japan",
    "South Korea",
    "Australia",
    "New Zealand",
]

CHART_TITLES = [
    "Share of people who have tried {topic}, by country",
    "How many hours a month people spend on {topic}, by country",
    "Interest in {topic} across countries (index, 100 = highest)",
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

FIRST_NAMES = [
    "Amara",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustav",
    "Hana",
    "Idris",
    "Jonas",
    "Kavya",
    "Lucia",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tomas",
    "Uma",
    "Valentina",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Aoife",
    "Bastien",
    "Célia",
    "Dara",
]
LAST_NAMES = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Kowalski",
    "Tanaka",
    "Fernandes",
    "O'Neill",
    "Nakamura",
    "Petrov",
    "Achebe",
    "Rossi",
    "Varga",
    "Mendes",
    "Larsen",
    "Iyer",
    "Dubois",
    "Novak",
    "Castillo",
    "Brennan",
    "Sato",
    "Adeyemi",
    "Keller",
    "Silva",
    "Horvat",
    "Quinn",
]
LOCATIONS = [
    "Lisbon, Portugal",
    "Cork, Ireland",
    "Lyon, France",
    "Kraków, Poland",
    "Osaka, Japan",
    "Nairobi, Kenya",
    "Pune, India",
    "Valparaíso, Chile",
    "Tromsø, Norway",
    "Halifax, Canada",
    "Bologna, Italy",
    "Leeds, United Kingdom",
    "Austin, United States",
    "Tartu, Estonia",
    "Hobart, Australia",
    "Ghent, Belgium",
]
BIO_PATTERNS = [
    "Writes about {a} and {b}, usually with a cup of tea nearby.",
    "{A} enthusiast, occasional {b} writer, full-time learner.",
    "I write practical guides on {a} and {b}.",
    "Curious about {a}; stubborn about {b}.",
]
ABOUT_PATTERNS = [
    "I started writing here to keep notes on {a}, and kept going because readers wrote "
    "back with better ideas than mine.\n\nWhen I am not writing I am probably outdoors, "
    "or trying to fix something I should have left alone.",
    "Most of my hubs are about {a} and {b}. I like plain explanations, honest numbers "
    "and advice you can try the same afternoon.\n\nCorrections and questions are always "
    "welcome in the comments.",
]

# Readers' comments in the demo, written for Quire.
COMMENTS = [
    "Thank you for this. I have been reading about this subject for years and this is the clearest piece I have found.",
    "I tried what you describe last spring and it worked, though it took twice as long as I expected.",
    "I disagree with the second section. Where I live the situation is quite different, and the numbers you quote do not match what I see.",
    "Could you say more about where the figures in the chart come from? I would like to read the original source.",
    "My grandmother used to tell me about this. Reading it brought back a lot of memories.",
    "Great read. I shared it with my book club and it started a long conversation.",
    "One small correction: the date in the third paragraph should be a year earlier, if I remember correctly.",
    "This is exactly the kind of writing I come here for. Careful, patient and honest about what we do not know.",
    "I work in this field and can confirm most of it. The part about costs is, if anything, too optimistic.",
    "What would you recommend for a complete beginner who wants to learn more about this?",
    "Bookmarked. I will come back to the list when I start my own project next month.",
    "I laughed at the bit about the neighbour. We had exactly the same experience.\n\nGood luck with the next part!",
    "Respectfully, I think you are too kind to the people who caused the problem in the first place.",
    "The photographs are lovely. Were they taken on a phone or a proper camera?",
    "I have read three articles on this subject this week and this is the only one that explained why it matters.",
]

AUTHOR_REPLIES = [
    "Thank you for reading, and for taking the time to write.",
    "Good question. The figures come from the yearly report; I will add a link at the bottom of the hub.",
    "You are right about the date, thank you. I have corrected it.",
    "That is a fair point. I will look at it again in the follow-up I am writing.",
    "For a beginner I would start small: one afternoon a week, and a notebook to write down what you try.",
    "I am glad it was useful. Let me know how your project goes!",
]

# Places for the demo's map capsules: (what the map shows, latitude, longitude, zoom).
MAP_PLACES = [
    ("The main square in Kraków's old town", 50.0617, 19.9373, 16),
    ("Praça do Comércio, by the river in Lisbon", 38.7075, -9.1364, 16),
    ("The castle rock in Edinburgh", 55.9486, -3.1999, 15),
    ("The Ribeira waterfront in Porto", 41.1406, -8.6133, 16),
    ("The Triple Bridge in Ljubljana", 46.0511, 14.5063, 16),
    ("Town Hall Square in Tartu", 58.3802, 26.7225, 16),
    ("The hills above the port of Valparaíso", -33.0458, -71.6197, 14),
    ("The old harbour in Bergen", 60.3975, 5.3245, 15),
]

# Authors' newsletters in the demo: a subject and a short note each.
NEWSLETTER_SUBJECTS = [
    "What I am working on this month",
    "Three things readers asked me lately",
    "A small change of plans",
]
NEWSLETTER_NOTES = [
    "Thank you for following along. This month I am testing the ideas from my last hub "
    "on a smaller scale, and I will write up what held and what did not.\n\nIf you tried "
    "it yourself, tell me in the comments: the best notes end up in the next hub.",
    "Several of you asked the same questions under my recent hubs, so here are short "
    "answers in one place.\n\nThe longer version of the second one is the hub linked below.",
    "The series I promised is taking longer than planned: I would rather get it right. "
    "Until then, here is the hub readers have found most helpful so far.",
]
