"""The words extraction looks for: claimants and their sides, kinds of claim, units, cues.

Each table is data: add a row to teach the extractor a new claimant or verb.
"""
from __future__ import annotations

import re

from .table import CYRILLIC, Cue, Table, lower_case_pattern

#: Hedged reports without a speaker: (pattern, (claimant name as recorded, side), words it needs).
CLAIMANTS = Table([
    (r"Media reports from (?:Kiev|Kyiv)", ("Media reports from Kyiv", "ukraine"), "reports"),
    (r"\b(?:reportedly|purportedly|Media reports|reports said)\b", ("Media reports (unattributed)", "unknown"),
     "reportedly purportedly reports"),
])
#: The claimant of a statement nobody in the text makes: the publisher's own account.
UNATTRIBUTED = ("Unattributed (the publisher)", "independent")
#: Sources a claimant cites ("citing map data from DeepStateMAP").
CITED = Table([(r"DeepState(?:MAP)?", "DeepStateMAP", "deepstate deepstatemap")])
#: A verb of saying: the statement may have its own date ("The previous evening, X said").
SAYING = Cue(r"\b(?:said|says|reported|wrote|stated|estimated|announced|issued a statement)\b",
             "said says reported wrote stated estimated announced issued")

# (pattern, kind, words it needs), on lower-cased text. The first match in a sentence wins, so the
# rows run from the strongest statement (a capture) to the weakest (fire); km² figures make an area_change.
KINDS = Table([
    ((r"\blaunch(?:ed|es|ing)? (?:a |an |their |its )?(?:new |fresh |major |large-scale )?(?:counter-?)?offensive|"
      r"\bnew offensive\b"), "offensive", "launched launch launches launching offensive counteroffensive"),
    (r"\b(?:captured|capture of|seized|seizure of|took (?:full |complete )?(?:control of|over)|taken (?:full |complete )?"
     r"(?:control of|over)|has taken|have taken|had taken|took the (?:village|town|city|settlement)|liberated|"
     r"liberation of|retook|recaptured|recapture of|regained (?:full |complete )?(?:control of)?|retaken|"
     r"the fall of|fell to|has fallen|completed the (?:capture|liberation|clearing|encirclement)|"
     r"(?:has|have|had) occupied|occupied (?:the|a)|"
     r"raised (?:the|a|their) flag|cleared|mopped up|established (?:full |complete )?control|"
     r"under (?:full |complete )?(?:russian|ukrainian) control|entered|broke into|captures|seizes|liberates|"
     r"capture|seize|retake|recapture|liberate)\b",
     "capture", "captured capture seized seizure took taken liberated liberation retook recaptured recapture regained "
                "retaken fall fell fallen completed occupied raised cleared mopped established control entered broke "
                "captures seizes liberates seize retake liberate"),
    (r"\b(?:withdr(?:ew|awn|awal|aw|awing)|retreat(?:ed|ing)?|pulled (?:back|out)|fell back|abandoned|"
     r"left (?:the|their) positions|lost control|we lost|(?:have|has|had) lost (?:the )?(?:village|town|city|"
     r"settlement|positions?))\b", "withdrawal", "withdrew withdrawn withdrawal withdraw withdrawing retreat retreated "
                                                "retreating pulled fell abandoned left lost"),
    (r"\b(?:advance[sd]?|advancing|made (?:territorial |significant |further |new |some )?gains|gained ground|"
     r"territorial gains|pushed (?:forward|into|deeper|toward|towards)|moved (?:forward|in|into|closer)|"
     r"progress(?:ed)?|broke through|breakthrough|penetrat\w+|encircl\w+|surround\w+|approach(?:ed|ing)|"
     r"closing in|push(?:ing)? (?:forward|toward|towards|into)|gains|(?:partial )?successes|partial success|"
     r"breach(?:ed|es)?|breaking through)\b",
     "advance", "advance advanced advances advancing made gained territorial pushed moved progress progressed broke "
                "breakthrough penetrated penetrating penetration encircled encircle encircling encirclement surrounded "
                "surrounding surround approached approaching approach closing push pushing gains success successes breach "
                "breached breaches breaking"),
    (r"\b(?:hold(?:s|ing)? (?:the |their |our )?(?:positions?|line|defen[cs]es?)|remain(?:s|ed)? under (?:ukrainian|"
     r"russian) control|(?:is|are|was|remains?) (?:still )?(?:under|in) (?:ukrainian|russian|our) control|"
     r"control(?:s|led)? (?:the|most|part|half|about|over|of)|not (?:been )?(?:captured|surrounded|encircled)|"
     r"(?:is|was) not true|denied)\b", "control", "hold holds holding remain remains remained under control controls "
                                               "controlled not true denied"),
    (r"\b(?:repel(?:led|s)?|repuls(?:ed|es)|fought off|beat off|(?<!in )(?<!during )(?<!after )(?<!amid )"
     r"(?:heavy |fierce |intense |ongoing |street |positional )?fighting|fights?|battles?|clash(?:es|ed)?|combat (?:engagements|clashes)|engagements|"
     r"skirmish\w*|firefights?)\b", "clash", "repelled repel repels repulsed repulses fought beat fighting fight "
                                           "fights battle battles clash clashes clashed combat engagements skirmish "
                                           "skirmishes firefight firefights"),
    (r"\b(?:(?:launch\w*|began|begun|start\w*|resum\w*|continu\w*|conduct\w*|carr(?:y|ied|ying) out|mount\w*|"
     r"press\w*|intensif\w*|step\w* up) (?:(?:a|an|the|its|their|new|fresh|major|large-scale|successful) )*"
     r"(?:counter-?)?offensive|(?:counter-?)?offensive (?:operations?|actions?|push|drive)|on the offensive|"
     r"assaults?|attack(?:s|ed|ing)? (?:on|near|in|at|toward|towards)|"
     r"storm(?:ed|ing)?|intensified|attempts? to (?:advance|break|storm|capture|encircle)|on the offensive)\b",
     "offensive", "offensive counteroffensive assault assaults attack attacks attacked attacking storm stormed "
                  "storming intensified attempt attempts"),
    (r"\b(?:struck|attacked|strikes?|striking|shell(?:ed|ing|s)?|bombard\w*|air ?strikes?|airstrikes?|missile|missiles|"
     r"drone attacks?|hit (?:a|an|the)|hitting|destroyed|artillery fire|explosions?|bombed|bombing)\b", "strike",
     "struck attacked strike strikes striking shelled shelling shells shell bombarded bombardment air airstrike airstrikes "
     "missile missiles drone attacks attack hit hitting destroyed artillery explosion explosions bombed bombing"),
    (r"\b(?:(?:has |have )?lost|(?<!territorial )losses|losing|casualties|killed|wounded)\b", "loss",
     "lost losses losing casualties killed wounded"),
    # Ukrainian and Russian stems: the same order
    (r"звільни\w*|звільнен\w*|захопи\w*|захопле\w*|захват\w*|окупува\w*|взял\w* під контроль|взят\w* під контроль|"
     r"під повний контроль|зайшли|увійшли|освободи\w*|освобожд\w*|захвати\w*|заня\w*|заняв\w*|взял\w* под контроль|"
     r"взят\w* под контроль|установил\w* контроль|вош(?:ли|ел)|зачисти\w*|зачистк\w*|перешел\w* под контроль|"
     r"перейшо?в\w* під контроль|стяг|прапор", "capture", CYRILLIC),
    (r"відійшли|відійти|відходи\w*|відступ\w*|відвели|відведен\w*|вийшли з|залиши\w*|залишати|втратили контроль|"
     r"отступ\w*|отошли|отойти|отходи\w*|отвели|отведен\w*|покину\w*|покида\w*|оставил\w*|оставить|вывели|"
     r"выведен\w*", "withdrawal", CYRILLIC),
    (r"просуну\w*|просуван\w*|рухаються вперед|просунул\w*|наблизи\w*|прорв\w*|прорыв\w*|вклини\w*|"
     r"продвину\w*|продвижен\w*|продвига\w*|оточ\w*|окруж\w*|наступа\w*|поліпшили тактичн\w*|"
     r"улучшили тактическ\w*|улучшили положение|поліпшили положення|расширил\w* зону|успіх\w*|успех\w*|"
     r"просувають\w*|рухаються вперед|движутся вперед", "advance", CYRILLIC),
    (r"утриму\w*|контролю\w*|під контролем|удержива\w*|удерживают|контролиру\w*|под контролем|не відповідає дійсності|"
     r"не соответству\w*|спростува\w*|опроверг\w*", "control", CYRILLIC),
    (r"відби\w*|відбит\w*|відбива\w*|бої|боїв|бо[її] трива\w*|боєзіткнен\w*|бойов\w* зіткнен\w*|точаться бої|"
     r"отби\w*|отбит\w*|отража\w*|отрази\w*|отражен\w*|отбива\w*|бои|боев|боестолкновен\w*|идут бои|"
     r"ведут бои|ожесточенн\w* бо\w*|сражени\w*", "clash", CYRILLIC),
    (r"наступ\b|наступу|наступом|наступальн\w*|штурм\w*|атак\w*|наступлен\w*|наступательн\w*|контрнаступ\w*|"
     r"активізува\w*|активизирова\w*|интенсивн\w*|інтенсивн\w*|оживлен\w*|пожвав\w*", "offensive", CYRILLIC),
    (r"вдари\w*|удар\w*|обстріл\w*|обстрел\w*|знищи\w*|знищен\w*|уничтожи\w*|уничтожен\w*|поразил\w*|"
     r"ракет\w*|бомб\w*|авіаудар\w*|авиаудар\w*|дрон\w* атак\w*|вибух\w*|взрыв\w*|прилет\w*|приліт\w*",
     "strike", CYRILLIC),
    (r"втрат\w*|потер[ия]\w*|загинул\w*|погиб\w*|поранен\w*|ранен\w*", "loss", CYRILLIC),
], ignore_case=True)
#: Words that make a sentence a non-claim ("Neither side has provided any information").
NEGATIONS = Cue(r"\bneither side\b|\bno information\b|\bdid not (?:say|comment)\b", "neither no not", ignore_case=True)
#: A strike needs its own claimant or an attack verb; "destroyed" alone only adds to the claim before.
WEAK_KINDS = {"strike": re.compile(r"\bdestroyed\b")}  # run on lower-cased text
#: Kinds that are one event when told in two consecutive sentences.
COMPATIBLE = {frozenset({"offensive", "advance"})}

VERIFICATION_CUES = Cue(r"could not be (?:independently )?verified|cannot be (?:independently )?verified|"
                        r"not (?:been )?independently (?:verified|confirmed)", "verified confirmed",
                        ignore_case=True)

WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12}
NUMBER = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
APPROXIMATE = lower_case_pattern(r"\b(?:nearly|almost|roughly|about|around|some|over|more than|up to|close to|approximately)\s*$")
# (pattern with NUMBER as group 1, (unit, item or None to take group 2), words the pattern needs)
MAGNITUDES: Table[tuple[str, str | None]] = Table([
    (r"\b" + NUMBER + r"\s*(?:square kilomet(?:er|re)s|sq\.? ?km|km²|km2)", ("km2", ""),
     "kilometers kilometres km km2 km² sq"),
    (r"\b" + NUMBER + r" (?:armed )?(?:clashes|combat engagements|battles)", ("clashes", ""), "clashes engagements battles"),
    (r"\b" + NUMBER + r" of which were still (?:ongoing|going on)", ("clashes", "still ongoing"), "which"),
    (r"\b" + NUMBER + r" ((?:main battle )?tanks?)\b", ("vehicles", None), "tank tanks"),
    (r"\b" + NUMBER + r" (bulldozers?)\b", ("vehicles", None), "bulldozer bulldozers"),
    (r"\b" + NUMBER + r" (armou?red (?:troop-carrying |personnel )?(?:vehicles|carriers)|armou?red vehicles?|apcs?|"
                      r"infantry fighting vehicles?|self-propelled howitzers?|howitzers?|trucks?)\b", ("vehicles", None),
     "armored armoured apc apcs infantry howitzer howitzers truck trucks"),
    (r"\b" + NUMBER + r" ((?:infantry |motori[sz]ed |airborne )?battalions?)\b", ("battalions", None),
     "battalion battalions"),
    (r"\b" + NUMBER + r" (troops|soldiers|servicemen)\b", ("troops", None), "troops soldiers servicemen"),
    (r"\b" + NUMBER + r" (drones)\b", ("targets", None), "drones"),
], ignore_case=True)
COMPARISON = re.compile(r"\b(?:roughly |about )?the size of ([A-Z][\w ,.'-]+?)(?:[.;]|$)")

NOT_PLACES = {"ukraine", "russia", "belarus", "moscow", "crimea", "europe", "donbas", "donbass", "україна", "україни",
              "росія", "россия", "крим", "крым", "донбас", "донбасс", "российский", "російський", "украинский",
              "український", "русский", "европа", "європа", "kremlin", "telegram", "march", "may", "august",
              "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
#: Words that make a sentence worth searching for named regions.
REGION_WORDS = frozenset({"region", "regions", "oblast", "oblasts", "regional", "province", "dpr", "lpr", "dnr", "lnr",
                          "crimea", CYRILLIC})
#: A capitalised word that begins a word: the capital first and "not after a word character" checked behind it
#: (the engine then skips to capitals; a leading ``\b`` would make it try every position).
_REGION_NAME = r"([A-Z](?<!\w.)[\w'’-]+)"
REGIONS = (re.compile(_REGION_NAME + r"\s+(?:[Rr]egions?|[Oo]blasts?|regional|[Pp]rovince)\b"),
           re.compile(_REGION_NAME + r"(?=(?:,\s*[A-Z][\w'’-]+)*,?\s+and\s+[A-Z][\w'’-]+\s+(?:[Rr]egions|[Oo]blasts)\b)"),
           re.compile(r"\b(?:region|oblast) of ([A-Z][\w'’-]+)"),
           re.compile(r"(D(?<!\w.)(?:PR|NR|onetsk People's Republic)|L(?<!\w.)(?:PR|NR|uhansk People's Republic)|"
                      r"C(?<!\w.)rimea)\b"))
#: Cyrillic region names: (pattern, suffix added to group 1 to name the region; "" reads the whole match).
CYRILLIC_REGION_PATTERNS = (
    (re.compile(r"([А-ЯЄІЇҐ][\w'’ʼ-]+)\s+(?:област\w*|обл\.)"), ""),
    (re.compile(r"\b(ДНР|ЛНР|Крим\w*|Крым\w*)"), " область"),
    (re.compile(r"\b([А-ЯЄІЇҐ]\w+)\s+(?:[Нн]ародн\w+\s+)?[Рр]еспублік\w*|\b([А-ЯЄІЇҐ]\w+)\s+(?:[Нн]ародн\w+\s+)?[Рр]еспублик\w*"), " область"),
    (re.compile(r"\b([А-ЯЄІЇҐ]\w+?)щин\w*"), "ська область"),
    (re.compile(r"\b([А-ЯЄІЇҐ]\w+?)ччин\w*"), "цька область"),
)
#: After a Cyrillic adjective: more adjectives and the word "direction(s)" ("Курському, Сіверському напрямках").
DIRECTION_LIST = re.compile(r"(?:\s*(?:,|і|та|и|й|-|–)\s*[А-ЯЄІЇҐ][\w'’ʼ-]*)*\s+(?:напрям|направлени)")
#: Words just before a name that announce a settlement: a misspelt name is looked for there too.
SETTLEMENT_BEFORE = re.compile(r"(?i)(?:\b(?:village|villages|town|towns|city|cities|settlement|settlements|hamlet|"
                               r"hamlets|locality|localities)(?: of)?|\b(?:села|село|селі|сел|селище|селища|селищі|"
                               r"населен\w+ пункт\w*|поселок|посёлок|поселка|посёлка|поселке|н\.\s?п|с|м|смт|пгт|"
                               r"город\w*|міст\w*|район\w* сел\w*|біля|поблизу|около|возле|под|районе|районі))"
                               r"\.?\s+$")
#: Lower-case word beginnings after a Cyrillic name that make it a direction, raion, unit or feature, not a place.
CYRILLIC_AFTER_NOT_PLACE = ("напрям", "направлени", "район", "округ", "громад", "бригад", "угрупован", "группировк",
                            "водосховищ", "водохранилищ", "аес", "тец", "тэц", "міськ", "городск", "обласн", "областн",
                            "окружн", "військов", "военн")
#: Abbreviations after a Cyrillic adjective that make it the name of an office or unit ("Херсонської ОВА").
CYRILLIC_OFFICES = frozenset({"ОВА", "ОДА", "МВА", "ВЦА", "РВА", "РДА", "ТЦК", "ОТУ", "ОСУВ", "ТРО", "ОК", "ОУ"})
#: Word beginnings before a Cyrillic name that make it a river or lake.
CYRILLIC_BEFORE_FEATURE = ("річк", "річц", "рек", "озер", "канал")
#: Capitalised words after a known name that make it part of an organisation's or unit's name.
LATIN_AFTER_NOT_PLACE = frozenset({"People's", "Independent", "Post", "Group", "Brigade", "Battalion", "Regiment",
                                   "Operational", "Command", "Military", "Oblast's"})
#: Lower-case words after a known name that make it a feature, a unit or an office rather than a settlement.
LATIN_AFTER_FEATURE = frozenset({"river", "rivers", "reservoir", "canal", "bridge", "dam", "spit", "bay", "lake", "sea",
                                 "group", "grouping", "brigade", "battalion", "regiment", "operational", "press",
                                 "governor", "people's", "independent"})
#: Titles before a capitalised word that make it a person's name.
TITLES = frozenset({"President", "Mr", "Mrs", "Ms", "Gen", "General", "Col", "Colonel", "Lt", "Lieutenant", "Maj",
                    "Major", "Capt", "Captain", "Sgt", "Governor", "Gov", "Mayor", "Minister", "Commander", "Chief",
                    "Deputy", "Senator", "Sen", "Dr", "spokesman", "spokeswoman", "spokesperson", "Spokesman",
                    "commander", "governor", "mayor", "minister", "blogger", "correspondent", "journalist"})
#: Common Ukrainian and Russian given names as English reporting writes them (some are also village names).
GIVEN_NAMES = frozenset("""Oleksandr Oleksandra Olexander Alexander Aleksandr Andriy Andrii Andrey Andrei Serhii Serhiy
    Sergei Sergey Volodymyr Vladimir Dmytro Dmitry Dmitri Mykola Nikolai Nikolay Oleh Oleg Yuriy Yuri Yury Ivan Petro
    Pyotr Pavlo Pavel Vitaliy Vitaly Vitali Viktor Victor Vadym Vadim Yevgeny Yevgeniy Evgeny Denys Denis Roman Ihor Igor
    Maksym Maxim Mikhail Mykhailo Anatoliy Anatoly Valeriy Valery Hanna Anna Olena Elena Yelena Nataliia Natalia
    Natalya Iryna Irina Tetiana Tatiana Yulia Yuliia Maria Mariia Kateryna Yekaterina Svetlana Ruslan Rustem Ramzan
    Apty Leonid Vyacheslav Viacheslav Vasyl Vasily Hryhorii Grigory Yaroslav Bohdan Taras Anton Artem Artyom Kyrylo
    Kirill Mark Robert Emmanuel Olaf Donald Joe Boris Rishi Keir""".split())
#: Lower-case nouns after "the <name>" that make the name a place's ("the Bakhmut sector"), not a river's.
AREA_NOUNS = frozenset({"sector", "direction", "axis", "front", "area", "district", "outskirts", "salient", "pocket",
                        "bridgehead", "offensive", "counteroffensive", "operation", "battle", "frontline",
                        "front-line", "fortress", "agglomeration", "suburbs", "enclave", "garrison", "settlement",
                        "city", "town", "village", "encirclement", "cauldron", "region", "oblast"})
#: English words that are also the name of some village somewhere: never a place when written alone.
ENGLISH_WORDS = frozenset("""a an as at be by do go he if in is it me my no of on or so to up us we am are was all
    and any but can few for had has her him his its may new not now old one our out own she the too two who why yet
    you general central great big small little black white red green peace hope victory glory union mir near outside
    around from towards toward into across behind beyond past between after before during since until off over under
    while when where with without within despite amid""".split())
#: A first name or title and a capitalised word after it: a person. The match is the first name's capital,
#: group 1 the rest of it and group 2 the surname (a capital first, then a look-behind, lets the engine skip ahead).
PERSON = re.compile(r"[A-ZА-ЯЄІЇҐ](?<!\w.)(?=([\w'’.-]+)\s+([A-ZА-ЯЄІЇҐ][\w'’-]+))")
#: A verb of saying right after a name: the name is a speaker, not a place.
SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|wrote|claimed|added|stated|reported|announced|заяв\w*|сообщ\w*|"
                          r"повідом\w*|написа\w*|сказа\w*|отмети\w*|зазнач\w*|рассказа\w*|розпов\w*|уточни\w*)\b")
#: Endings of a capitalised word before a name that leave the name a place ("Russian-occupied Vuhledar").
OCCUPIED = ("-occupied", "-held", "-controlled", "-annexed", "-liberated")
#: Words after a name that leave it a place although they are capitalised.
NATIONALITIES = frozenset({"Russian", "Ukrainian", "Russians", "Ukrainians", "Russia's", "Ukraine's", "Belarusian",
                           "North", "Moscow", "Kyiv", "Kiev", "On", "In", "As", "After", "Sunday", "Monday", "Tuesday",
                           "Wednesday", "Thursday", "Friday", "Saturday", "City"})
COMPASS = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
# A look-ahead for the first letters, where a pattern would begin with a group or ``\b``, lets the engine skip
# to those letters instead of trying every position.
DIRECTION = Cue(r"(?=[nsewNSEW])(?i:" + COMPASS + r"(?:ern)?) of (?:the\s+)?(?:small |large )?(?:village |town |city |settlement )?(?:of )?"
                r"([A-Z][\w'-]+)", "north south east west northeast northwest southeast southwest")
TOWARDS = Cue(r"(?=[tohi])\b(?:the road to|towards|toward|on its way to|heading for|in the direction of)\s+"
              r"(?:the\s+)?(?:village |town |city )?(?:of )?([A-Z][\w'-]+)", "road towards toward way heading direction")
NEAR = re.compile(r"(?=[naoi])\b(near|around|outside|in|at)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:village|town|city|settlement)?\s*(?:of\s+)?"
                  r"([A-Z][\w'-]+)")
