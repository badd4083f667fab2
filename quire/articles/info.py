"""The first text of the site's own pages, created by ``manage.py quire_setup``.

Operators rewrite them in the editor; setup never overwrites a page that exists.
"""

AUTHOR_TERMS = """
<p>Anyone may write here. These terms say what you and the site promise each other.
Read them once; you accept them by ticking the box on the “Become an author” page.</p>
<h2>Your writing stays yours</h2>
<p>You keep the copyright of everything you publish. You give the site a licence to show
your hubs, their images and your profile to readers, in listings, feeds and search results,
for as long as you keep them published. You can download all of your hubs at any time and
take them elsewhere, and you can delete them.</p>
<h2>What you may publish</h2>
<ul>
<li>Your own original work, or work you have the right to publish. Quote others briefly and
say where the words come from.</li>
<li>Images you made, bought the right to use, or that are licensed for reuse; say who made
them in the caption when the licence asks for it.</li>
<li>No hate, harassment, threats, sexual content involving minors, instructions for
violence, or advice that puts readers in danger.</li>
<li>No hidden advertising: say so when a link earns you money or a product was given to
you.</li>
</ul>
<h2>Review and featuring</h2>
<p>Every hub is read by an editor before it is published. An editor may publish it, ask you
for changes with a note you can read in the editor, or decline it. Editors choose which
published hubs are featured on the home page and in related reading; a hub that is not
featured is still published and reachable at its address.</p>
<h2>Comments</h2>
<p>Readers may comment on your hubs. You may hold comments for your approval, and you may
remove comments on your own hubs; the site's moderators may remove any comment.</p>
<h2>Leaving</h2>
<p>You may delete your account at any time. You choose whether your hubs are deleted with it
or stay published under “former author”.</p>
""".strip()

EARNINGS_TERMS = """
<p>The site shares the money its advertising brings in with the authors whose hubs show
the ads. These terms say how; you accept them by ticking the box when you join the
earnings program in your settings.</p>
<h2>How your share is worked out</h2>
<p>Each month the site enters what every ad network actually paid it for that month. The
authors' share of that amount (set by the site and shown in your earnings page) is divided
among the hubs that showed that network's ads, in proportion to how many times an ad was
actually seen on each: at least half of it on the screen for at least a second, by a
reader and not a program. The rest is the site's. Every amount in your earnings page
shows the impressions behind it, and the records are never edited: a mistake is put right
by a new, visible correction.</p>
<h2>Being paid</h2>
<p>When your balance reaches the minimum payout, it is paid with the next payout run to
the PayPal account you gave. If a payment fails, the amount returns to your balance. You
are responsible for declaring your earnings where you pay tax; the details you enter are
kept for the site's own records.</p>
<h2>What is not allowed</h2>
<p>Clicking or viewing ads on your own hubs, asking others to, or sending automated
traffic. Impressions from such traffic are not counted, and an account that does it may
be removed from the program.</p>
<h2>Leaving</h2>
<p>You may leave at any time in your settings, once no payout to you is on its way. What
you earned stays in your balance; rejoin to be paid it.</p>
""".strip()

INFO_PAGES = [
    ("author-terms", "Author terms", AUTHOR_TERMS),
    ("earnings-terms", "Earnings program terms", EARNINGS_TERMS),
]
