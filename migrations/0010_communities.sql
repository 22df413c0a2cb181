-- 0010_communities: the communities of practice themselves (issue 19), created
-- before their forums so that webinars (issue 18) and pathways can name the
-- community they belong to. communities/ owns this table; other folders ask
-- through communities/communities.h.
--
-- The six seeded are those issue 19 names, following the disciplines of the
-- pathways (courses/pathways.json "community" slugs). reference/domain.md §3:
-- which six CDPS runs today is UNCONFIRMED, so these are presented as Dysgu's
-- communities, not as a list of CDPS's. The pathway of a community is the one
-- whose "community" names it (pathways.community). INSERT IGNORE on the slug: re-runnable,
-- and an admin's later edits are never overwritten.

CREATE TABLE IF NOT EXISTS communities (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    slug VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name_cy VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    summary_cy TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    position SMALLINT UNSIGNED NOT NULL DEFAULT 100,
    archived TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY communities_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT IGNORE INTO communities (slug, name_cy, name_en, summary_cy, summary_en, position) VALUES
    ('building-bilingual-services', 'Adeiladu gwasanaethau digidol dwyieithog',
     'Building bilingual services',
     'I bawb sy''n dylunio, yn ysgrifennu ac yn adeiladu gwasanaethau sy''n gweithio cystal yn Gymraeg ag yn Saesneg: rhannu patrymau, ysgrifennu mewn triawd, profi gyda siaradwyr Cymraeg.',
     'For everyone who designs, writes and builds services that work as well in Welsh as in English: sharing patterns, trio writing, testing with Welsh speakers.', 1),
    ('user-research', 'Ymchwil defnyddwyr yng Nghymru', 'User research in Wales',
     'I ymchwilwyr defnyddwyr ac i bawb sy''n gwneud ymchwil ym maes gwasanaethau cyhoeddus yng Nghymru: dulliau, recriwtio cyfranogwyr, ymchwil yn Gymraeg, moeseg.',
     'For user researchers and anyone doing research in Welsh public services: methods, recruiting participants, research in Welsh, ethics.', 2),
    ('content-design', 'Dylunio cynnwys', 'Content design',
     'I ddylunwyr cynnwys ac awduron: iaith glir yn y ddwy iaith, patrymau cynnwys, cyhoeddi ar gyfer pobl sy''n defnyddio darllenwyr sgrin.',
     'For content designers and writers: plain language in both languages, content patterns, publishing for people who use screen readers.', 3),
    ('service-design', 'Dylunio gwasanaethau Cymru', 'Service design Cymru',
     'I ddylunwyr gwasanaethau a pherchnogion gwasanaethau: mapio teithiau defnyddwyr, gweithio ar draws sefydliadau, Safonau Gwasanaeth Digidol Cymru yn ymarferol.',
     'For service designers and service owners: mapping user journeys, working across organisations, the Digital Service Standards for Wales in practice.', 4),
    ('designing-digital-experiences', 'Dylunio profiadau digidol',
     'Designing digital experiences',
     'I ddylunwyr rhyngweithio a dylunwyr cynnyrch: systemau dylunio, hygyrchedd, prototeipio a phrofi gyda defnyddwyr.',
     'For interaction and product designers: design systems, accessibility, prototyping and testing with users.', 5),
    ('automation-and-ai', 'Awtomeiddio a deallusrwydd artiffisial', 'Automation and AI',
     'I bawb sy''n ystyried awtomeiddio neu ddeallusrwydd artiffisial mewn gwasanaethau cyhoeddus: achosion defnydd, caffael, tuedd, y ddyletswydd cydraddoldeb.',
     'For everyone considering automation or artificial intelligence in public services: use cases, procurement, bias, the equality duty.', 6);
