"""The 22 channels, in the order of the channel bar. ``None`` marks the platform's own
channel (site news and help), which takes the site's name (settings.QUIRE_SITE_NAME)."""

SITE_CHANNEL = None

CHANNELS: list[tuple[str | None, str]] = [
    ("Arts", "Painting, music, film, craft and the people who make them."),
    ("Autos", "Cars, motorcycles, repairs and the roads worth driving."),
    ("Books", "Reading, reviews, writing craft and literary history."),
    ("Business", "Work, careers, small firms and how markets behave."),
    ("Education", "Teaching, learning, schools and study skills."),
    ("Entertainment", "Television, games, celebrities and popular culture."),
    ("Family", "Parenting, relationships and family life."),
    ("Fashion", "Clothing, style, beauty and how to care for what you wear."),
    ("Food", "Recipes, cooking technique and food from everywhere."),
    ("Games", "Board games, video games, puzzles and hobbies."),
    ("Gender", "Gender, identity and equality."),
    ("Health", "Fitness, medicine, nutrition and well-being."),
    ("Holidays", "Celebrations, traditions and festive seasons."),
    ("Home", "Gardening, DIY, decorating and running a household."),
    (SITE_CHANNEL, "News about this site, and help for authors and readers."),
    ("Personal Finance", "Saving, budgeting, investing and paying off debt."),
    ("Pets", "Cats, dogs, birds, fish and the care of animals."),
    ("Politics", "Government, elections, policy and social issues."),
    ("Religion", "Faith, belief, philosophy and spirituality."),
    ("Sports", "Teams, athletes, training and the games we watch."),
    ("Technology", "Computers, the internet, gadgets and how things work."),
    ("Travel", "Places, journeys, practical tips and travel stories."),
]
