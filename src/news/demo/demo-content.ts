/**
 * Demo site content for Dateline: sections, authors, articles and static pages.
 *
 * Everything here is fictional and written for this project, except the lead
 * Venezuela story, which summarises a real news event in original wording.
 * Featured images live in ./images and are referenced by file name; the seed puts each into the media library.
 */
import type { DemoContent } from './demo-content.types.js';

const CREDIT = 'Illustration: Dateline Demo';

export const demoContent: DemoContent = {
  sections: [
    {
      slug: 'world',
      name: 'World',
      description: 'International news, diplomacy and conflict from our correspondents around the globe.',
    },
    {
      slug: 'politics',
      name: 'Politics',
      description: 'Elections, legislation and the people and institutions that shape public policy.',
    },
    {
      slug: 'markets',
      name: 'Markets',
      description: 'Stocks, bonds, currencies, commodities and the central banks that move them.',
    },
    {
      slug: 'technology',
      name: 'Technology',
      description: 'Artificial intelligence, chips, platforms and the regulation catching up with them.',
    },
    {
      slug: 'bitcoin-trading',
      name: 'Bitcoin Trading',
      description: 'Price action, fund flows, derivatives and the exchanges behind the bitcoin market.',
    },
    {
      slug: 'americas',
      name: 'Americas',
      description: 'News from North, Central and South America and the Caribbean.',
      parent: 'world',
    },
    {
      slug: 'europe',
      name: 'Europe',
      description: 'Coverage of the European Union, its member states and their neighbours.',
      parent: 'world',
    },
  ],

  authors: [
    {
      slug: 'ines-halloran',
      displayName: 'Ines Halloran',
      bio: "Ines Halloran is Dateline's Europe correspondent in Brussels, covering EU institutions, energy policy and sanctions. She previously reported from Dublin and Warsaw.",
    },
    {
      slug: 'tomas-ibarra',
      displayName: 'Tomás Ibarra',
      bio: 'Tomás Ibarra covers US politics and Latin America from Washington, with frequent reporting trips to Bogotá and the Andean region.',
    },
    {
      slug: 'priya-raghunathan',
      displayName: 'Priya Raghunathan',
      bio: "Priya Raghunathan is Dateline's markets editor in London, writing about central banks, commodities and the bond market.",
    },
    {
      slug: 'joel-marchetti',
      displayName: 'Joel Marchetti',
      bio: 'Joel Marchetti reports on artificial intelligence, semiconductors and digital-asset trading from San Francisco.',
    },
  ],

  articles: [
    // 1. Lead story (smallest publishedHoursAgo).
    {
      slug: 'us-venezuela-military-contact-maduro',
      title: 'US in direct contact with Venezuelan military, urges break with Maduro',
      standfirst:
        "The White House says it is talking directly to members of Venezuela's armed forces and preparing new sanctions, as a senior official predicts that early defections will be followed by larger ones.",
      bodyHtml: `
<p>The United States is in direct contact with members of Venezuela's military and is urging them to abandon President Nicolás Maduro, the White House said on February 9, adding that a new round of sanctions was being prepared.</p>
<p>The statement amounts to a pointed appeal to the armed forces, an institution whose loyalty has long been regarded as the main pillar of Maduro's hold on power in Caracas.</p>
<p>A senior administration official, speaking to Reuters on condition of anonymity, described the first defections from the military as "the first couple pebbles" and said Washington expected "bigger rocks" to come down after them.</p>
<h2>New sanctions in preparation</h2>
<p>It was not immediately clear which individuals, institutions or sectors the planned measures would target, or when they would take effect. Venezuela's government and its state oil industry are already subject to a broad array of US sanctions built up over several years.</p>
<p>Dateline was not able to independently verify the defections referred to by the official.</p>
<h2>Fear of reprisals</h2>
<p>Analysts cautioned that persuading officers to break ranks would be difficult. Eric Farnsworth, vice president of the Council of the Americas, said members of the military would need incentives strong enough to outweigh their fear of reprisals against their families.</p>
<p>That calculation sits at the heart of the challenge facing Washington: an officer weighing a break with the government must judge not only what is being offered from abroad, but also what might happen to relatives who remain at home.</p>
<p><em>With reporting from Reuters.</em></p>`,
      section: 'americas',
      otherSections: ['politics'],
      tags: ['venezuela', 'sanctions'],
      authors: ['tomas-ibarra', 'ines-halloran'],
      publishedHoursAgo: 3,
      updatedHoursAfterPublish: 1,
      image: {
        file: 'venezuela-military.svg',
        alt: 'Stylised illustration of a row of dark soldier silhouettes in peaked caps standing on a ridge at dusk, while small pebbles and larger rocks tumble down the slope beneath them.',
        caption: 'A senior US official likened the first military defections to pebbles that precede a rockfall.',
        credit: CREDIT,
      },
    },

    // 2. Long feature.
    {
      slug: 'europe-data-centre-boom-strains-grid',
      title: "In Europe's data-centre boomtowns, the grid is running out of room",
      standfirst:
        'Small towns that courted server farms for jobs and tax revenue now find themselves at the back of a queue for electricity, as AI demand collides with an ageing network.',
      bodyHtml: `
<p>From the ring road outside Kessveld, a market town of 19,000 people in the eastern Netherlands, the new buildings are hard to miss: four windowless grey boxes, each the length of two football pitches, humming behind a double fence. Five years ago the site was a potato field. Today it hosts one of the largest concentrations of computing power in the region.</p>
<p>The town council welcomed the first data centre with a ribbon-cutting ceremony and a promise of 300 jobs. What it did not anticipate was that, by the time the fourth hall opened, a local bakery would be told it could not get a bigger grid connection for its new ovens until 2031.</p>
<p>"We were told this was the clean, modern economy, and in many ways it is," said Marieke Aalders, a Kessveld councillor who chairs the town's planning committee. "But nobody explained that the electricity cable coming into town is a shared resource, and that one customer could take most of it."</p>
<h2>A queue measured in years</h2>
<p>Kessveld's experience is being repeated in corners of Ireland, northern Germany and the Nordic countries, where cheap land, cool climates and access to renewable power made small towns attractive to operators of the server farms that run cloud services and, increasingly, artificial intelligence models.</p>
<p>Grid operators across the region report that requests for new high-capacity connections have multiplied since the arrival of large AI models, which are trained and run on power-hungry chips packed densely into server racks. NordNet Distribution, the regional operator that serves Kessveld and dozens of surrounding municipalities, says its connection queue now holds applications equivalent to more than three times its current peak load.</p>
<p>"Not all of it will be built, and some of it is speculative," said Henrik Solberg, NordNet's head of network planning. "But we have to treat every application seriously, and the physical work of reinforcing the grid — new substations, new cables, new transformers — takes seven to ten years from planning to energising."</p>
<p>In the meantime, operators are rationing. Some have introduced "use it or lose it" rules to clear speculative projects from the queue. Others offer so-called flexible connections, under which a customer can be switched off at times of grid stress in exchange for getting connected sooner. Solberg summed up the dilemma facing network planners across the continent:</p>
<blockquote><p>"The grid was designed for a world in which demand grew by one or two percent a year. We are now being asked to plan for step changes."</p></blockquote>
<h2>Who comes first?</h2>
<p>The shortage has reopened an uncomfortable question for policymakers: when capacity is scarce, who should get it? Housing developers, factories converting from gas to electric heat, and public transport operators electrifying bus fleets are all competing for the same connections.</p>
<p>In Kessveld, the council has adopted a moratorium on new data-centre permits while it drafts what Aalders calls a "priority ladder" for local grid capacity, with housing, schools and small businesses near the top.</p>
<p>Coldharbour Compute, the developer behind two of the town's four halls, says the industry is being made a scapegoat for decades of under-investment in the network. "We pay for our connections, we pay for reinforcement, and we are among the biggest buyers of new wind and solar in the country," said Sophie Lindqvist, the company's head of European public policy. "The answer is to build more grid faster, not to decide that digital infrastructure is less legitimate than other kinds."</p>
<h2>Brussels weighs in</h2>
<p>The issue has risen up the agenda in Brussels, where officials are drafting guidance on how member states can speed up permits for grid projects and share the cost of upgrades more fairly between large new users and households. The European Commission has already asked data-centre operators above a certain size to <a href="https://www.example.com/eu-data-centre-reporting">report their energy and water use</a> each year.</p>
<p>"What we are seeing is not a problem that any single town can solve," said one EU official involved in the discussions, who asked not to be named because the guidance has not been published. "If every town writes its own rules, developers simply move down the road, and the grid problem moves with them."</p>
<p>Some analysts argue that the AI boom may itself provide part of the solution. Chipmakers are racing to cut the power needed for each calculation, and operators are experimenting with shifting flexible workloads, such as training runs, to hours when wind and solar output is high and demand elsewhere is low.</p>
<ul>
<li><strong>Flexible connections:</strong> faster access in exchange for accepting curtailment at peak times.</li>
<li><strong>Heat reuse:</strong> waste heat sold to greenhouses, pools and district heating networks.</li>
<li><strong>Load shifting:</strong> moving non-urgent computing to hours of surplus renewable power.</li>
</ul>
<h2>Life next to the halls</h2>
<p>For residents, the debate can feel abstract. Jan-Willem Bos, who runs the bakery that was told to wait for a bigger connection, has installed rooftop solar panels and a battery to squeeze more out of his existing supply. He says the data centres have brought customers, including night-shift technicians who buy bread on their way home.</p>
<p>"I am not against them," he said, gesturing across the road at the nearest hall. "I just think that if there is a queue, the people who were already here should not end up at the back of it."</p>
<p>NordNet expects to energise a new substation on the edge of Kessveld in three years' time, which would roughly double the capacity available to the town. Until then, Aalders said, the council will have to make choices it never expected to face. "We thought we were deciding where to put a building," she said. "It turns out we were deciding who gets to grow."</p>`,
      section: 'europe',
      otherSections: ['technology'],
      tags: ['ai', 'energy', 'eu'],
      authors: ['ines-halloran', 'joel-marchetti'],
      publishedHoursAgo: 52,
      image: {
        file: 'europe-data-centres.svg',
        alt: 'Night-time illustration of long, low data-centre buildings with rows of glowing windows, electricity pylons and power lines running overhead, and wind turbines on the horizon under a deep blue sky.',
        caption: 'Data centres on the edge of small European towns are competing with homes and businesses for scarce grid capacity.',
        credit: CREDIT,
      },
    },

    // 3.
    {
      slug: 'central-banks-hold-rates-inflation-cools-unevenly',
      title: 'Central banks hold rates steady as inflation cools unevenly',
      standfirst: 'Policymakers signal patience on cuts, warning that stubborn services prices could keep borrowing costs higher for longer.',
      bodyHtml: `
<p>Several of the world's major central banks left interest rates unchanged this week, signalling that while inflation has fallen sharply from its peak, they are not yet confident enough in the outlook to start loosening policy more aggressively.</p>
<p>The decisions were widely expected by investors, but the accompanying statements leaned more cautious than many traders had hoped, pushing short-dated government bond yields higher and trimming bets on rate cuts before the summer.</p>
<h2>Goods down, services sticky</h2>
<p>The central problem for policymakers is that inflation is cooling at very different speeds across the economy. Prices of manufactured goods have flattened or even fallen as supply chains have normalised and shipping costs eased. Services inflation, which is driven largely by wages, remains well above levels consistent with most central banks' 2% targets.</p>
<p>"Headline inflation tells you the fire is mostly out, but services are still smouldering," said Ruth Adebayo-Lind, chief economist at Halvorsen Capital. "Central banks have been burned once by declaring victory too early. They are not going to do it twice."</p>
<p>Labour markets remain tight in many advanced economies, with unemployment near historic lows, though surveys of hiring intentions have softened in recent months.</p>
<h2>Markets recalibrate</h2>
<p>Money markets now price roughly two quarter-point cuts over the next twelve months across the major economies, down from three at the start of the month. Currency markets were relatively calm, with the dollar edging higher against a basket of peers.</p>
<p>Some economists warn that keeping rates high for too long risks an unnecessary slowdown. "Monetary policy works with long lags," said Tomasz Wielgosz, a senior strategist at Brightwater Partners. "By the time the data confirm that inflation is beaten, the damage to growth may already be done."</p>
<p>The next round of policy meetings is scheduled for six weeks' time, giving officials two more months of inflation data before they decide.</p>`,
      section: 'markets',
      tags: ['central-banks', 'inflation'],
      authors: ['priya-raghunathan'],
      publishedHoursAgo: 8,
      image: {
        file: 'central-banks-rates.svg',
        alt: 'Geometric illustration of a classical bank facade with a triangular pediment and tall columns, overlaid with a flat, level line chart in gold against a slate-blue background.',
        caption: 'Central banks held borrowing costs unchanged, citing persistent services inflation.',
        credit: CREDIT,
      },
    },

    // 4.
    {
      slug: 'copper-six-month-high-mine-strike',
      title: 'Copper climbs to six-month high as strike halts Chilean mine',
      standfirst:
        'Prices jump after workers at the Santa Brígida mine walk out over pay, tightening a market already stretched by demand from power grids and electric vehicles.',
      bodyHtml: `
<p>Copper prices rose to their highest level in six months on Thursday after a strike halted production at the Santa Brígida mine in northern Chile, one of the larger sources of the metal in South America.</p>
<p>Benchmark three-month copper gained as much as 3.4% in London trading before paring some gains, as traders weighed the risk of a prolonged stoppage against signs of softer demand from Chinese manufacturers.</p>
<p>The mine's operator, Minera Altiplano, said in a statement that talks with the workers' union had broken down over wage increases and bonus payments, and that it had activated contingency plans to maintain safety at the site. The union said its members would not return until the company improved its offer.</p>
<h2>A market with little slack</h2>
<p>Analysts say the supply disruption comes at a sensitive moment. Inventories in exchange-monitored warehouses are near multi-year lows, and demand for copper from grid upgrades, renewable energy projects and electric vehicles has been growing steadily.</p>
<p>"The market has very little cushion," said Elena Marquez-Hoyt, head of metals research at Corran Commodities. "When you have low stocks and a big mine goes offline, even for a couple of weeks, prices have to move to ration demand."</p>
<p>Higher copper prices can feed into broader inflation over time, as the metal is used in everything from household wiring to air-conditioning units, though economists say the effect is usually modest and slow to appear.</p>
<ul>
<li>Santa Brígida produced an estimated 310,000 tonnes of copper last year.</li>
<li>Exchange inventories have fallen by roughly a third since the start of the year.</li>
<li>Aluminium and zinc also rose, though by smaller margins.</li>
</ul>
<p>Chile's labour ministry said it had offered to mediate between the two sides.</p>`,
      section: 'markets',
      tags: ['commodities', 'inflation'],
      authors: ['priya-raghunathan'],
      publishedHoursAgo: 30,
      image: {
        file: 'copper-prices.svg',
        alt: 'Warm copper-toned illustration of a rising line chart with a shaded area beneath it, beside a stack of flat copper cathode plates.',
        caption: 'Copper rose to a six-month high as a strike cut supply from a major Chilean mine.',
        credit: CREDIT,
      },
    },

    // 5.
    {
      slug: 'regulators-probe-ai-chatbot-political-ads',
      title: 'Regulators probe AI chatbot that mixed answers with paid political ads',
      standfirst:
        'Data-protection authorities in three countries are examining whether Parlance AI properly labelled sponsored content served to users asking about upcoming elections.',
      bodyHtml: `
<p>Data-protection and election regulators in three countries have opened inquiries into Parlance AI, the start-up behind the popular Quill chatbot, over claims that it blended paid political messaging into answers about upcoming elections without clear labelling.</p>
<p>The investigations follow a report by a university research group which found that, in a sample of several thousand conversations, Quill inserted sponsored material from political campaigns and advocacy groups into responses to neutral questions such as "Who is standing in my district?"</p>
<h2>Labelling under scrutiny</h2>
<p>Parlance introduced advertising to its free tier last year, saying sponsored content would always be marked. The researchers said labels were sometimes shown only after a user expanded a collapsed section of the answer, and were absent entirely in some voice conversations.</p>
<p>"People treat these assistants as if they were a neutral reference librarian," said Amara Fenwick, who led the research at the university's Centre for Digital Democracy. "If a campaign can pay to shape that librarian's answer, voters are entitled to know."</p>
<p>In a statement, Parlance said it "strongly supports transparency in political advertising" and had paused all election-related sponsorships while it reviewed its systems. It said the missing labels in voice mode were the result of a software bug that had since been fixed.</p>
<h2>A test for new rules</h2>
<p>The case is expected to be an early test of rules in several jurisdictions that require political adverts to be clearly identified and, in some cases, logged in public archives. Legal experts say it is not yet settled whether text generated by an AI model on behalf of a paying sponsor counts as an advertisement under those rules.</p>
<p>"The law was written for banners and video spots," said Marcus Oyelaran, a technology lawyer in London. "Regulators now have to decide whether a sentence in a chatbot reply is an ad, and who is responsible for it."</p>
<p>If the regulators find breaches, Parlance could face fines and orders to change how it serves sponsored content.</p>`,
      section: 'technology',
      tags: ['ai', 'regulation', 'elections'],
      authors: ['joel-marchetti'],
      publishedHoursAgo: 14,
      image: {
        file: 'ai-chatbot-ads.svg',
        alt: 'Illustration of two overlapping chat speech bubbles, one containing a network of connected glowing nodes and the other a small ballot box shape, on a purple-to-indigo gradient.',
        caption: 'Regulators are examining whether sponsored political content in chatbot answers was clearly labelled.',
        credit: CREDIT,
      },
    },

    // 6.
    {
      slug: 'veridian-low-power-ai-chip-shares-jump',
      title: 'Veridian unveils low-power AI chip, shares jump 11%',
      standfirst:
        'The chip designer says its new processor runs language models at a fraction of the energy of rival parts, targeting laptops, phones and crowded data centres.',
      bodyHtml: `
<p>Shares in Veridian Semiconductor jumped 11% on Tuesday after the chip designer unveiled a processor it says can run artificial intelligence models using less than half the power of comparable products on the market.</p>
<p>The chip, called Lumen, is designed for so-called inference — running models that have already been trained — rather than the energy-intensive training process itself. Veridian said the part would ship to device makers and cloud customers in the second half of the year.</p>
<h2>Efficiency over raw speed</h2>
<p>Chief executive Dana Reyes-Whitfield told a launch event in San Jose that the industry's focus was shifting from building ever-larger training clusters to serving billions of daily requests cheaply. "Every query has an energy bill attached," she said. "The winners in the next phase will be the ones who make that bill smaller."</p>
<p>Independent analysts cautioned that the performance claims were based on Veridian's own benchmarks, and that real-world results would depend on software support and the models customers choose to run.</p>
<p>"The numbers are impressive on paper," said Kenji Albrecht, a semiconductor analyst at Northfield Research. "The question is whether developers will rewrite their tools for another architecture when the incumbents' ecosystems are so entrenched."</p>
<h2>Investor appetite</h2>
<p>The rally added roughly $4 billion to Veridian's market value and lifted shares of several smaller chip designers. The company also raised its full-year revenue forecast, citing early orders from two unnamed cloud providers.</p>
<p>Veridian designs its chips but relies on outside foundries to manufacture them, leaving it exposed to the same tight production capacity that has constrained the wider industry.</p>
<p><em>This article was updated to include the company's revised revenue forecast.</em></p>`,
      section: 'technology',
      otherSections: ['markets'],
      tags: ['ai', 'semiconductors'],
      authors: ['joel-marchetti', 'priya-raghunathan'],
      publishedHoursAgo: 75,
      updatedHoursAfterPublish: 5,
      image: {
        file: 'veridian-chip.svg',
        alt: 'Close-up style illustration of a square microchip with pins on all four sides, connected to glowing green circuit traces that spread across a dark teal board.',
        caption: 'Veridian says its Lumen processor is built to run AI models with far less power.',
        credit: CREDIT,
      },
    },

    // 7.
    {
      slug: 'bitcoin-slides-as-fund-outflows-mount',
      title: 'Bitcoin slides 6% as investors pull money from spot funds',
      standfirst:
        'A fourth straight day of outflows from exchange-traded bitcoin funds and fading hopes of early rate cuts weigh on the largest cryptocurrency.',
      bodyHtml: `
<p>Bitcoin fell as much as 6% on Friday, extending a week-long decline, as investors withdrew money from exchange-traded funds that hold the cryptocurrency and traders scaled back expectations of interest rate cuts.</p>
<p>Spot bitcoin funds recorded net outflows for a fourth consecutive session, according to figures compiled by Ledgerline Analytics, with the largest redemptions coming from funds popular with financial advisers.</p>
<h2>Rates weigh on risk</h2>
<p>The selling coincided with a rise in bond yields after central banks signalled they were in no hurry to ease policy. Higher yields make non-interest-bearing assets such as bitcoin relatively less attractive and tend to dampen appetite for speculative trades.</p>
<p>"Bitcoin has been trading like a high-beta technology stock," said Nadia Kowalczyk, head of digital-asset strategy at Morrow &amp; Quint. "When the rate outlook turns less friendly, it is often one of the first things to be sold."</p>
<h2>Leverage unwinds</h2>
<p>The decline triggered a wave of forced selling in derivatives markets. Around $450 million of leveraged long positions in bitcoin futures were liquidated over 24 hours, according to Ledgerline, as exchanges closed out bets that had been made with borrowed money.</p>
<p>Funding rates on perpetual futures — the periodic payments between buyers and sellers that keep contract prices close to the spot market — turned slightly negative, a sign that traders had shifted towards bearish positions.</p>
<p>Some analysts saw the pullback as healthy after a strong run earlier in the quarter. "The market had got ahead of itself," Kowalczyk said. "Flushing out leverage usually leaves it on firmer footing."</p>
<p>Ether, the second-largest cryptocurrency, fell 7% over the same period.</p>`,
      section: 'bitcoin-trading',
      otherSections: ['markets'],
      tags: ['bitcoin', 'central-banks', 'derivatives'],
      authors: ['priya-raghunathan', 'joel-marchetti'],
      publishedHoursAgo: 5,
      bodyImage: {
        file: 'bitcoin-options.svg',
        afterParagraph: 5,
        caption: 'Traders who had bet on higher prices with borrowed money were forced out of their positions as bitcoin fell.',
      },
      image: {
        file: 'bitcoin-outflows.svg',
        alt: 'Illustration of gold coins marked with a stylised bitcoin symbol tumbling down beside a red line chart that slopes sharply downward, on a dark navy background.',
        caption: 'Bitcoin fell as investors withdrew money from exchange-traded funds.',
        credit: CREDIT,
      },
    },

    // 8.
    {
      slug: 'bitcoin-options-quarterly-expiry-volatility',
      title: 'Bitcoin options traders brace for swings ahead of quarterly expiry',
      standfirst: 'Billions of dollars in contracts are due to settle on Friday, with heavy open interest clustered around a handful of strike prices.',
      bodyHtml: `
<p>Bitcoin options worth an estimated $7 billion are set to expire on Friday, and traders are positioning for sharper price moves as the large quarterly settlement approaches.</p>
<p>Open interest is concentrated around a few round-number strike prices, according to data from Ledgerline Analytics, which some traders believe could pull the spot price towards those levels in the final hours before expiry — a phenomenon sometimes described as "pinning".</p>
<h2>Implied volatility rises</h2>
<p>Implied volatility, a measure of the price swings that options buyers are willing to pay to protect against, has climbed for short-dated contracts while remaining subdued further out. That pattern suggests traders expect turbulence around the expiry itself rather than a lasting change in the market's direction.</p>
<p>"Dealers who sold options are going to be hedging actively into Friday," said Felix Brandauer, a derivatives trader at Coldwater Digital. "That hedging can amplify moves in either direction, especially in thin weekend liquidity."</p>
<h2>Puts in demand</h2>
<p>The ratio of put options, which profit if prices fall, to call options, which profit if they rise, has edged higher over the past week, indicating growing demand for downside protection after a choppy month.</p>
<ul>
<li>Roughly 60% of expiring open interest is in call options.</li>
<li>The "max pain" level — where the most options would expire worthless — sits about 4% below the current spot price.</li>
<li>Ether options worth about $1.5 billion expire at the same time.</li>
</ul>
<p>Analysts caution that expiry effects are often short-lived. Once contracts settle, attention typically shifts back to fund flows and the outlook for interest rates.</p>`,
      section: 'bitcoin-trading',
      tags: ['bitcoin', 'derivatives'],
      authors: ['priya-raghunathan'],
      publishedHoursAgo: 40,
      image: {
        file: 'bitcoin-options.svg',
        alt: 'Illustration of a green and red candlestick chart crossed by a wavy volatility line, with a large gold coin bearing a stylised bitcoin symbol in the corner.',
        caption: 'Options traders are positioning for larger price swings around the quarterly expiry.',
        credit: CREDIT,
      },
    },

    // 9.
    {
      slug: 'northgate-exchange-pauses-withdrawals',
      title: 'Crypto exchange Northgate pauses withdrawals, citing wallet maintenance',
      standfirst: 'Customers of the mid-sized trading venue are unable to move bitcoin off the platform, prompting regulators to request information.',
      bodyHtml: `
<p>Northgate, a mid-sized cryptocurrency exchange, halted customer withdrawals of bitcoin and several other tokens on Monday, saying it needed to carry out unscheduled maintenance on its digital wallets.</p>
<p>The exchange said trading would continue and that customer funds were "safe and fully backed", but did not say when withdrawals would resume. The pause prompted a flurry of complaints on social media from users who said they had been unable to move funds for several hours before the announcement.</p>
<h2>Regulators ask questions</h2>
<p>The financial regulator in the jurisdiction where Northgate is licensed said it had contacted the company and requested information about its reserves and the nature of the technical problem. It said it had not yet reached any conclusions.</p>
<p>Withdrawal freezes carry particular weight in the crypto industry after several high-profile exchange collapses in which platforms paused withdrawals shortly before revealing they could not repay customers.</p>
<p>"A maintenance window is completely normal. An open-ended one with no timeline is not," said Lucia Fairbairn, a former exchange compliance officer who now advises digital-asset firms. "The quickest way to calm customers is to publish a verifiable proof of reserves."</p>
<h2>Update: withdrawals resume</h2>
<p>Northgate said on Tuesday that bitcoin withdrawals had resumed after it migrated funds to a new set of wallets, and that withdrawals of the remaining tokens would follow within 48 hours. It said it would publish an independent attestation of customer balances within two weeks.</p>
<p>Bitcoin's price was largely unaffected by the episode. Northgate accounts for a small share of global spot trading volume.</p>`,
      section: 'bitcoin-trading',
      tags: ['bitcoin', 'regulation'],
      authors: ['joel-marchetti'],
      publishedHoursAgo: 120,
      updatedHoursAfterPublish: 24,
      image: {
        file: 'exchange-withdrawals.svg',
        alt: 'Illustration of a heavy circular vault door with a large padlock in front of it, beside a stack of gold coins, rendered in muted greys and amber.',
        caption: 'Northgate paused customer withdrawals, saying its wallets needed maintenance.',
        credit: CREDIT,
      },
    },

    // 10.
    {
      slug: 'election-security-bill-clears-senate-committee',
      title: 'Bipartisan election-security bill clears Senate committee',
      standfirst:
        'The measure would fund paper-ballot backups and cybersecurity audits for local election offices, but faces an uncertain path on the Senate floor.',
      bodyHtml: `
<p>A bipartisan bill that would send federal money to local election offices for cybersecurity upgrades and paper-ballot backups cleared a Senate committee on Wednesday, setting up a possible floor vote before the summer recess.</p>
<p>The committee approved the measure by a vote of 11 to 5, with members of both parties supporting it. The bill would create a grant programme for counties to replace ageing voting equipment, conduct regular security audits and train staff to recognise phishing and ransomware attacks.</p>
<h2>What the bill would do</h2>
<ul>
<li>Require every jurisdiction receiving funds to maintain a voter-verified paper record of each ballot.</li>
<li>Fund post-election audits that check a random sample of paper ballots against machine counts.</li>
<li>Create a clearinghouse for local officials to report and share information about cyber threats.</li>
</ul>
<p>Supporters said the grants were aimed at small counties that lack dedicated technology staff. "Many local election offices are run by a handful of people who are also responsible for marriage licences and property records," said Dana Whitlock, director of the nonpartisan Ballot Integrity Project. "They are being asked to defend against sophisticated attackers on a shoestring."</p>
<h2>Hurdles ahead</h2>
<p>Opponents on the committee argued that the bill would give Washington too much influence over elections traditionally run by states, and questioned its cost, estimated at $1.2 billion over five years.</p>
<p>Leaders have not committed to scheduling floor time, and a companion bill in the House has yet to receive a committee hearing. Election officials say they need certainty soon if new equipment is to be tested and deployed before the next federal elections.</p>`,
      section: 'politics',
      tags: ['elections', 'cybersecurity'],
      authors: ['tomas-ibarra'],
      publishedHoursAgo: 96,
      image: {
        file: 'election-security.svg',
        alt: 'Illustration of a ballot box with a paper ballot being inserted, protected by a large shield with a keyhole, and faint circuit lines in the background in navy and red.',
        caption: 'The bill would fund paper-ballot backups and cybersecurity audits for local election offices.',
        credit: CREDIT,
      },
    },

    // 11.
    {
      slug: 'eu-ministers-agree-sanctions-shadow-fleet-lng',
      title: 'EU ministers agree new sanctions targeting shadow tanker fleet',
      standfirst:
        'The package adds dozens of vessels to a blacklist and tightens restrictions on the transshipment of liquefied natural gas through European ports.',
      bodyHtml: `
<p>European Union foreign ministers on Monday approved a new package of sanctions against Russia aimed at the so-called shadow fleet of ageing tankers used to move oil and gas while evading price caps and other restrictions.</p>
<p>The measures add several dozen vessels to a list of ships barred from EU ports and services, and tighten rules on the transshipment of Russian liquefied natural gas through European terminals to buyers elsewhere.</p>
<h2>Weeks of negotiation</h2>
<p>The package required unanimous approval from the bloc's member states and took several weeks to negotiate, with some governments seeking assurances about the impact on their own energy supplies and port operators.</p>
<p>"Every package is harder than the last, because the easy targets have already been hit," said one EU diplomat involved in the talks, who spoke on condition of anonymity. "What matters now is enforcement — closing the loopholes that allow the same cargoes to keep moving under new flags."</p>
<h2>Enforcement challenges</h2>
<p>Maritime analysts say shadow-fleet tankers frequently change names, flags and ownership structures, making sanctions difficult to apply. Many are elderly vessels with uncertain insurance, which environmental groups warn raises the risk of spills in busy European waters.</p>
<p>"Listing a ship is relatively straightforward. Stopping it is not," said Katrin Osterholm, a senior fellow at the Baltic Maritime Institute. "Coastal states need the legal tools and the political will to board and inspect vessels that turn off their transponders."</p>
<p>The package also extends asset freezes and travel bans to additional individuals and companies accused of helping to arrange the shipments. Officials said work on a further round of measures would begin in the coming weeks.</p>`,
      section: 'europe',
      otherSections: ['politics'],
      tags: ['sanctions', 'eu', 'energy'],
      authors: ['ines-halloran'],
      publishedHoursAgo: 22,
      image: {
        file: 'eu-sanctions.svg',
        alt: 'Illustration of a circle of twelve gold stars on a deep blue background, framing the dark silhouette of an oil tanker sailing on stylised waves.',
        caption: 'The new EU measures target tankers accused of helping to evade energy sanctions.',
        credit: CREDIT,
      },
    },

    // 12.
    {
      slug: 'colombia-border-towns-brace-venezuelan-arrivals',
      title: 'Colombian border towns brace for new arrivals from Venezuela',
      standfirst: 'Shelters along the frontier report rising numbers of families crossing, as aid groups warn that funding has not kept pace.',
      bodyHtml: `
<p>Shelters and aid groups in Colombian towns along the Venezuelan border say they are seeing a steady rise in the number of families crossing, and are preparing for larger arrivals if political tensions in Venezuela deepen.</p>
<p>At the Casa de Paso San Rafael, a church-run shelter a short walk from one of the main border bridges, staff said they had served nearly twice as many hot meals last month as in the same period a year earlier.</p>
<p>"We see more children now, and more elderly people," said Luz Marina Ospina, who coordinates volunteers at the shelter. "Many of them tell us they are leaving because wages no longer cover food, and because they fear what comes next."</p>
<h2>Stretched resources</h2>
<p>Colombia has received millions of Venezuelan migrants over the past decade, and has been praised by international agencies for offering many of them temporary legal status that allows them to work and use public services.</p>
<p>But local officials say funding for border municipalities has not kept up with demand. Clinics near the frontier report long waits, and schools in some districts are running double shifts to accommodate new pupils.</p>
<p>Aid organisations say international donations for the Venezuelan migration response have fallen as other crises have drawn attention and money elsewhere. "The need has not gone away just because the headlines have," said a regional coordinator for one international aid group, who asked not to be named because she was not authorised to speak to the press.</p>
<h2>Planning for a surge</h2>
<p>Regional authorities said they had drawn up contingency plans that include temporary shelters, additional health posts and extra staff at migration offices, to be activated if daily crossings rise sharply.</p>
<p>Many of those arriving do not plan to stay near the border. Some are heading to Colombia's larger cities, while others intend to continue south towards Ecuador, Peru and Chile, or north towards the United States.</p>`,
      section: 'americas',
      tags: ['venezuela', 'migration'],
      authors: ['tomas-ibarra'],
      publishedHoursAgo: 60,
      image: {
        file: 'colombia-border.svg',
        alt: 'Illustration of small silhouetted figures carrying bags and children as they walk across a long bridge over a river, with layered green mountains and a pale morning sky behind them.',
        caption: 'Aid groups on the Colombian side of the border report rising numbers of families arriving from Venezuela.',
        credit: CREDIT,
      },
    },

    // 13.
    {
      slug: 'shipping-insurers-raise-war-risk-premiums',
      title: 'Shipping insurers raise war-risk premiums as detours lengthen voyages',
      standfirst: 'Higher insurance costs and longer routes around conflict zones are pushing up freight rates for containers, grain and fuel.',
      bodyHtml: `
<p>Marine insurers have raised war-risk premiums for vessels passing through several contested shipping lanes, adding to costs for shipowners who are already sending many vessels on longer routes to avoid conflict zones.</p>
<p>War-risk cover, which is bought separately from standard hull insurance for voyages through designated high-risk areas, now costs some shipowners several times what it did a year ago, according to brokers.</p>
<h2>Longer voyages, higher rates</h2>
<p>"Owners are facing a simple choice: pay the premium or add ten days to the voyage," said Graham Tolliver, head of marine at the broker Hartwell Marine. "Either way, the cost ends up in the freight rate."</p>
<p>Container spot rates on major Asia-Europe routes have risen by around 40% over the past month, according to a freight index compiled by Seaboard Data. Rates for tankers carrying refined fuels have also climbed, as longer voyages tie up more ships and reduce available capacity.</p>
<p>Commodity traders say the added shipping costs are beginning to show up in delivered prices for grain, fertiliser and diesel in import-dependent countries.</p>
<h2>Sanctions add complexity</h2>
<p>Insurers are also tightening checks on cargo ownership and vessel histories to avoid breaching sanctions regimes, a process that can delay cover for ships with complicated ownership chains.</p>
<p>"Underwriters now want to know not just where a ship is going, but who ultimately owns the cargo and where it loaded," Tolliver said.</p>
<p>Industry groups have called on governments to improve naval protection of key routes, arguing that lasting security would do more to lower costs than any change in insurance pricing.</p>`,
      section: 'world',
      otherSections: ['markets'],
      tags: ['shipping', 'commodities', 'sanctions'],
      authors: ['priya-raghunathan', 'ines-halloran'],
      publishedHoursAgo: 198,
      image: {
        file: 'shipping-insurers.svg',
        alt: 'Illustration of a container ship silhouette stacked with colourful containers sailing across layered blue waves under an orange sunset sky, with a faint rising line above the horizon.',
        caption: 'Longer routes and higher insurance costs are pushing up freight rates.',
        credit: CREDIT,
      },
    },
  ],

  pages: [
    {
      slug: 'about',
      title: 'About Dateline Demo',
      bodyHtml: `
<p><strong>Dateline Demo</strong> is a sample news site that shows what the Dateline publishing platform can do out of the box: sections and sub-sections, author pages, tag archives, featured images, comments and a newsroom for editing and scheduling stories.</p>
<p>Almost everything you read here is fictional. The journalists, companies, analysts, towns and most of the events described were invented to give the demo realistic-looking content. One lead story summarises a real news event in original wording and credits its source.</p>
<h2>What you can try</h2>
<ul>
<li>Browse sections such as World, Markets and Bitcoin Trading, including the nested Americas and Europe sections.</li>
<li>Follow a tag such as <em>sanctions</em> or <em>ai</em> to see how archives group related stories.</li>
<li>Open an author page to see every story a journalist has written or co-written.</li>
</ul>
<p>The demo content is reset periodically, and publication times are generated relative to when the demo was installed, so the front page always looks current.</p>
<p>Dateline is free software. To learn more or run your own copy, see the <a href="https://www.example.com/dateline">project documentation</a>.</p>`,
    },
    {
      slug: 'editorial-standards',
      title: 'Editorial Standards',
      bodyHtml: `
<p>These standards describe how a Dateline newsroom is expected to work. They are provided as an example that publishers using the platform can adapt.</p>
<h2>Accuracy and corrections</h2>
<p>We aim to get things right the first time. When we make a mistake, we correct it promptly and transparently. Corrections are appended to the end of the affected article, stating what was wrong and what has been changed. We do not silently alter facts in published stories.</p>
<p>Substantive updates to a developing story — new information rather than fixes — are marked with an "Updated" time at the top of the article.</p>
<h2>Sourcing</h2>
<p>We prefer on-the-record sources and documents that readers can check for themselves. Where we rely on material from news agencies or other outlets, we credit them. Claims we have not been able to verify independently are clearly described as such.</p>
<h2>Anonymous sources</h2>
<p>We grant anonymity only when a source has direct knowledge of the matter, the information is important to the public, and the source would face a genuine risk — to their safety, livelihood or legal position — if named. At least one editor must know the identity of any anonymous source. We explain to readers, as far as we can, why anonymity was granted.</p>
<blockquote><p>Anonymity is a tool for getting important information to readers, never a shield for personal attacks.</p></blockquote>
<h2>Independence</h2>
<p>Advertisers and commercial partners have no influence over editorial decisions. Journalists do not trade assets they cover, including cryptocurrencies, and must disclose potential conflicts of interest to their editors.</p>`,
    },
    {
      slug: 'contact',
      title: 'Contact Us',
      bodyHtml: `
<p>Dateline Demo is a fictional publication, but these are the kinds of contacts a real newsroom would list.</p>
<h2>Newsroom</h2>
<ul>
<li><strong>News tips:</strong> tips@example.com</li>
<li><strong>Corrections:</strong> corrections@example.com</li>
<li><strong>Letters to the editor:</strong> letters@example.com</li>
</ul>
<h2>Business</h2>
<ul>
<li><strong>Advertising:</strong> advertising@example.com</li>
<li><strong>Syndication and licensing:</strong> licensing@example.com</li>
</ul>
<h2>Postal address</h2>
<p>Dateline Demo, 100 Example Street, Suite 4, Springfield, EX 00000</p>
<p>For sensitive tips, please read our <a href="https://www.example.com/secure-tips">guide to contacting us securely</a> before getting in touch.</p>`,
    },
  ],
};
