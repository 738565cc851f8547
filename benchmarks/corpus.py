"""The fixed world the synthetic articles are written about: countries, names, terms and sentences.

Pure data, no randomness: the same term always has the same definition in every article, as on the
real site, so importing many articles builds one shared glossary.
"""

# name | demonym | plural people | region | capital | second city | name style | odd definition
COUNTRIES = """
Russia|Russian|Russians|northern Eurasia|Moscow|Vladivostok|slavic|odd
South Korea|South Korean|South Koreans|East Asia|Seoul|Busan|korean|
North Korea|North Korean|North Koreans|East Asia|Pyongyang|Wonsan|korean|
Japan|Japanese|Japanese|East Asia|Tokyo|Osaka|japanese|
China|Chinese|Chinese|East Asia|Beijing|Shanghai|chinese|
Vietnam|Vietnamese|Vietnamese|Southeast Asia|Hanoi|Haiphong|vietnamese|
India|Indian|Indians|South Asia|New Delhi|Mumbai|indian|
Pakistan|Pakistani|Pakistanis|South Asia|Islamabad|Karachi|arabic|
Iran|Iranian|Iranians|Western Asia|Tehran|Isfahan|persian|
Turkey|Turkish|Turks|Anatolia and southeastern Europe|Ankara|Istanbul|turkish|
Egypt|Egyptian|Egyptians|North Africa|Cairo|Alexandria|arabic|
Nigeria|Nigerian|Nigerians|West Africa|Abuja|Lagos|african|
Kenya|Kenyan|Kenyans|East Africa|Nairobi|Mombasa|african|
South Africa|South African|South Africans|southern Africa|Pretoria|Cape Town|english|odd
Brazil|Brazilian|Brazilians|South America|Brasília|Rio de Janeiro|iberian|
Argentina|Argentine|Argentines|South America|Buenos Aires|Córdoba|iberian|
Chile|Chilean|Chileans|South America|Santiago|Valparaíso|iberian|
Mexico|Mexican|Mexicans|North America|Mexico City|Guadalajara|iberian|
Canada|Canadian|Canadians|North America|Ottawa|Toronto|english|
United States|American|Americans|North America|Washington, D.C.|New York City|english|
United Kingdom|British|Britons|northwestern Europe|London|Manchester|english|
France|French|French|Western Europe|Paris|Marseille|french|
Germany|German|Germans|Central Europe|Berlin|Hamburg|german|
Italy|Italian|Italians|Southern Europe|Rome|Milan|italian|
Spain|Spanish|Spaniards|southwestern Europe|Madrid|Barcelona|iberian|
Portugal|Portuguese|Portuguese|southwestern Europe|Lisbon|Porto|iberian|
Netherlands|Dutch|Dutch|northwestern Europe|Amsterdam|Rotterdam|german|
Belgium|Belgian|Belgians|Western Europe|Brussels|Antwerp|french|
Sweden|Swedish|Swedes|Northern Europe|Stockholm|Gothenburg|nordic|
Norway|Norwegian|Norwegians|Northern Europe|Oslo|Bergen|nordic|
Finland|Finnish|Finns|Northern Europe|Helsinki|Tampere|nordic|odd
Poland|Polish|Poles|Central Europe|Warsaw|Kraków|slavic|
Ukraine|Ukrainian|Ukrainians|Eastern Europe|Kyiv|Odesa|slavic|
Kazakhstan|Kazakh|Kazakhs|Central Asia|Astana|Almaty|turkish|
Mongolia|Mongolian|Mongolians|East Asia|Ulaanbaatar|Darkhan|mongolian|
Indonesia|Indonesian|Indonesians|Southeast Asia|Jakarta|Surabaya|indonesian|
Australia|Australian|Australians|Oceania|Canberra|Sydney|english|
New Zealand|New Zealand|New Zealanders|Oceania|Wellington|Auckland|english|
Greece|Greek|Greeks|Southern Europe|Athens|Thessaloniki|greek|
Hungary|Hungarian|Hungarians|Central Europe|Budapest|Debrecen|german|
Czech Republic|Czech|Czechs|Central Europe|Prague|Brno|slavic|
Israel|Israeli|Israelis|Western Asia|Jerusalem|Haifa|english|
Saudi Arabia|Saudi|Saudis|Western Asia|Riyadh|Jeddah|arabic|odd
Thailand|Thai|Thais|Southeast Asia|Bangkok|Chiang Mai|thai|
"""

# Given names and surnames by naming style; styles listed in SURNAME_FIRST write the surname first
# ("Park Jung Hee" is Mr Park), the others last ("Yevgeni Primakov" is Mr Primakov).
NAMES = {
    "slavic": (
        "Vladimir Sergei Mikhail Yevgeni Dmitry Andrei Igor Nikolai Oleg Boris Viktor Alexei",
        "Primakov Volkov Sokolov Orlov Morozov Belov Kozlov Lebedev Novikov Zaitsev Pavlov Semenov",
    ),
    "korean": (
        "Tae Woo|Jung Hee|Young Sam|Dae Jung|Myung-bak|Muhyeon|Sung Min|Ki Moon",
        "Roh Park Kim Lee Choi Yoon Kang Han",
    ),
    "chinese": ("Wei Ming|Jian Guo|Xiao Ping|Hong Wei|Zhi Qiang|Li Na", "Wang Li Zhang Liu Chen Yang Zhao Huang"),
    "vietnamese": ("Van Minh|Tan Dung|Thi Lan|Van Kiet|Duc Anh|Quoc Bao", "Nguyen Tran Le Pham Hoang Vo"),
    "japanese": (
        "Hiroshi Kenji Taro Yukio Shinzo Keiko Masato Junichiro",
        "Tanaka Suzuki Nakamura Kobayashi Watanabe Yamamoto Ito Sato",
    ),
    "indian": (
        "Rajiv Manmohan Sushma Arun Pranab Vikram Anil Lakshmi",
        "Sharma Singh Patel Gupta Rao Mehta Iyer Verma",
    ),
    "arabic": (
        "Ahmed Mohamed Khalid Omar Faisal Tariq Hassan Nabil",
        "Hassan Rahman Qureshi Khan Mansour Saleh Aziz Farouk",
    ),
    "persian": (
        "Ali Hossein Mohammad Javad Hassan Reza Mahmoud Akbar",
        "Rezaei Karimi Hosseini Tehrani Jafari Sadeghi Moradi Ahmadi",
    ),
    "turkish": (
        "Mehmet Ahmet Mustafa Nursultan Kassym Abdullah Erlan Murat",
        "Yilmaz Demir Kaya Sahin Nazarbayev Tokayev Ozturk Arslan",
    ),
    "african": (
        "Olusegun Uhuru Mwai Goodluck Amina Chinua Jomo Daniel",
        "Obasanjo Kenyatta Kibaki Okonjo Odinga Adeyemi Mwangi Nwosu",
    ),
    "english": (
        "John Margaret David Helen Robert Julia Malcolm Thabo",
        "Walker Thompson Harris Clarke Mbeki Cooper Hughes Bennett",
    ),
    "iberian": (
        "José Carlos Luis Fernando Dilma Michelle Ricardo Ana",
        "García Silva Fernández Rodrigues Bachelet Santos Moreno Cardoso",
    ),
    "french": (
        "Jacques François Nicolas Laurent Élisabeth Pierre Alain Marie",
        "Dubois Laurent Moreau Lefebvre Mercier Girard Fontaine Rousseau",
    ),
    "german": (
        "Helmut Angela Gerhard Frank-Walter Hans Ursula Viktor Dirk",
        "Schmidt Fischer Weber Wagner Becker Hoffmann Kovács Janssen",
    ),
    "italian": (
        "Giulio Romano Silvio Paolo Sergio Giorgia Enrico Matteo",
        "Rossi Bianchi Ferrari Esposito Romano Colombo Ricci Greco",
    ),
    "nordic": (
        "Olof Gro Jens Tarja Sauli Erna Carl Ingvar",
        "Andersson Johansson Halonen Niinistö Solberg Stoltenberg Lindqvist Berg",
    ),
    "mongolian": ("Tsakhiagiin|Nambaryn|Khaltmaagiin|Ukhnaagiin", "Elbegdorj Enkhbayar Battulga Khurelsukh Bayar"),
    "indonesian": (
        "Joko Susilo Megawati Bambang Retno Hassan",
        "Widodo Yudhoyono Sukarnoputri Marsudi Wirajuda Santoso",
    ),
    "greek": (
        "Konstantinos Andreas Georgios Alexis Dora Kyriakos",
        "Karamanlis Papandreou Tsipras Mitsotakis Bakoyannis Venizelos",
    ),
    "thai": ("Thaksin Abhisit Prayut Surin Yingluck Chuan", "Shinawatra Vejjajiva Chan-o-cha Pitsuwan Leekpai Suthep"),
}
SURNAME_FIRST = {"korean", "chinese", "vietnamese"}

ROLES = ("President", "Prime Minister", "Foreign Minister", "Defence Minister", "Trade Minister", "Ambassador")

# title | category | flags | other link texts (;) | what the definition says after the title.
# Flags: "l" a common noun, linked in lower case mid-sentence; "c" countable with a plain "s" plural,
# so a link can cut the "s" off ("official residence" + "s"); "a" usually linked by another name
# ("bilateral" for Bilateralism). Link texts that are not a prefix of the title ("foreign relations"
# for Diplomacy) are only used where the capture shows where they begin: at the start of a line.
TERMS = """
Bilateralism|concept|a|bilateral|consists of the political, economic, or cultural relations between two sovereign states. For example, free trade agreements signed by two states are examples of bilateral treaties
Diplomacy|concept|l|foreign relations;diplomatic relations|is the art and practice of conducting negotiations between representatives of groups or states
Multilateralism|concept||multilateral|is a term in international relations that refers to multiple countries working in concert on a given issue
Embassy|concept|lc||is a diplomatic mission located in the capital of another country which offers a full range of services, including consular services
Consulate|concept|lc|consulate-general|is the office of a consul, usually in a major city of the host country other than its capital
Official residence|concept|lc||is the residence at which heads of state, heads of government, gubernatorial or other senior figures officially reside
Memorandum of understanding|concept|lc||describes a bilateral or multilateral agreement between two or more parties, expressing a convergence of will
State visit|concept|lc||is a formal visit by a head of state to a foreign country, at the invitation of the head of state of that foreign country
Summit meeting|concept|lc|summit|is a meeting of heads of state or government, usually with considerable media exposure, tight security and a prearranged agenda
Hot line|concept|l||is a point-to-point communications link in which a call is automatically directed to the preselected destination without any additional action by the user
Sanctions|concept|l|economic sanctions|are domestic penalties applied by one country or group of countries on another for a variety of reasons
Détente|concept||detente|is the easing of strained relations, especially in a political situation. The term originates in the time of the Triple Entente and Entente cordiale in reference to an easing of tensions between England and France
Soft power|concept|l||is the ability to shape the preferences of others through appeal and attraction
Cultural diplomacy|concept|l||is a type of public diplomacy and soft power that includes the exchange of ideas, information, art and other aspects of culture among nations
Nordpolitik|concept|||was the signature foreign policy of a government that sought to reach out to the traditional allies of its rival, and was first announced in 1983
Perestroika|concept|||was a political movement for reformation within the Communist Party of the Soviet Union during the 1980s, widely associated with its leader
Glasnost|concept|||was a policy that called for increased openness and transparency in government institutions and activities, introduced in the late 1980s
Communism|concept|l||is a social, political and economic ideology and movement whose ultimate goal is the establishment of the communist society
Socialism|concept|l||is an economic system characterised by social ownership of the means of production and co-operative management of the economy
Market economy|concept|l||is an economy in which decisions regarding investment, production and distribution are based on supply and demand
Planned economy|concept|l||is an economic system in which decisions regarding production and investment are embodied in a plan formulated by a central authority
Decolonization|concept|l|decolonisation|refers to the undoing of colonialism, the unequal relation of polities whereby one people or nation establishes and maintains dependent territory over another
Colonialism|concept|l||is the establishment, maintenance, acquisition and expansion of colonies in one territory by people from another territory
Independence|concept|l||is a condition of a nation, country, or state in which its residents and population, or some portion thereof, exercise self-government
Armistice|concept|lc||is a formal agreement of warring parties to stop fighting. It is not necessarily the end of a war, but may constitute only a cessation of hostilities
Nuclear proliferation|concept|l|proliferation|is the spread of nuclear weapons, fissionable material, and weapons-applicable nuclear technology and information to nations not recognized as Nuclear Weapon States
Arms control|concept|l||is an umbrella term for restrictions upon the development, production, stockpiling, proliferation and usage of weapons, especially weapons of mass destruction
Weapon of mass destruction|concept|lc|weapons of mass destruction|is a weapon that can kill and bring significant harm to a large number of humans or cause great damage to man-made structures
Human rights|concept|l||are moral principles or norms that describe certain standards of human behaviour, and are regularly protected as legal rights in national and international law
Visa waiver program|concept|l|visa waiver|allows the citizens of certain countries to travel to another country for tourism or business for up to ninety days without having to obtain a visa
Visa|concept|lc|travel visa|is a conditional authorization granted by a country to a foreigner, allowing them to enter, remain within, or to leave that country
Eastern Europe|region|||is the eastern part of Europe. The term has widely disparate geopolitical, geographical, cultural and socioeconomic readings, which makes it highly context-dependent and even volatile
Western Europe|region|||is the region comprising the western part of the European continent, though opinions on its borders differ
Central Asia|region|||is a core region of the Asian continent from the Caspian Sea in the west, China in the east, Afghanistan in the south, and Russia in the north
Southeast Asia|region|||is a subregion of Asia, consisting of the countries that are geographically south of China, east of India, west of New Guinea and north of Australia
Middle East|region|||is a region that encompasses Western Asia and Egypt. The corresponding adjective is Middle-Eastern and the derived noun is Middle-Easterner
Latin America|region|||is a region of the Americas where Romance languages are primarily spoken
Sub-Saharan Africa|region|||is, geographically, the area of the continent of Africa that lies south of the Sahara Desert
Scandinavia|region|||is a historical and cultural region in Northern Europe characterized by a common ethnocultural Germanic heritage and related languages
Balkans|region||Balkan Peninsula|is a geographic region of southeastern Europe. The region takes its name from the Balkan Mountains that stretch from the Serbia-Bulgaria border to the Black Sea
Caucasus|region|||is a geopolitical region at the border of Europe and Asia, and situated between the Black and the Caspian sea
Siberia|region|||is an extensive region constituting almost all of Northern Asia. It has been part of Russia since the seventeenth century
Russian Far East|region||Far East|is a term that refers to the Russian part of the Far East, between Lake Baikal in Eastern Siberia and the Pacific Ocean
Asia-Pacific|region|||is the part of the world in or near the Western Pacific Ocean. The area includes much of East Asia, South Asia, Southeast Asia and Oceania
Korean Peninsula|region|||is a peninsula in East Asia. It extends southwards for about 1,100 km from continental Asia into the Pacific Ocean
Horn of Africa|region|||is a peninsula in East Africa that juts for hundreds of kilometers into the Arabian Sea and lies along the southern side of the Gulf of Aden
Persian Gulf|sea|||is a marginal sea of the Indian Ocean lying between Iran and the Arabian Peninsula
Pacific Ocean|sea|||is the largest of the Earth's oceanic divisions. It extends from the Arctic in the north to the Southern Ocean in the south
Indian Ocean|sea|||is the third largest of the world's oceanic divisions, covering approximately 20% of the water on the Earth's surface
Mediterranean Sea|sea||Mediterranean|is a sea connected to the Atlantic Ocean surrounded by the Mediterranean region and almost completely enclosed by land
Black Sea|sea|||is an inland sea between southeastern Europe and Asia Minor. It is connected to the Atlantic Ocean via the Mediterranean and the Aegean seas
Baltic Sea|sea|||is a brackish mediterranean sea located in Northern Europe, from 53°N to 66°N latitude and from 20°E to 26°E longitude
Arctic|region||Arctic region|is a region located at the northern-most part of the Earth. It consists of the deep Arctic Ocean and parts of several countries
Sea of Japan|sea|||is a marginal sea of the western Pacific Ocean, between the Asian mainland, the Japanese archipelago and Sakhalin
United Nations|org|||is an international organization whose stated aims are facilitating cooperation in international law, international security, economic development, social progress, human rights, and achievement of world peace. It was founded in 1945
United Nations Security Council|org||Security Council;U.N. Security Council|is one of the principal organs of the United Nations and is charged with the maintenance of international peace and security
European Union|org|||is an economic and political union of member states that are located primarily in Europe. It was established by the Treaty of Maastricht on 1 November 1993
NATO|org||North Atlantic alliance|or the North Atlantic Treaty Organization, is an intergovernmental military alliance based on the North Atlantic Treaty which was signed on 4 April 1949
Warsaw Pact|org|||was a mutual defense treaty subscribed to by eight communist states in Central and Eastern Europe
Non-Aligned Movement|org|||is a group of states considering themselves not aligned formally with or against any major power bloc
G20|org||Group of Twenty|is a group of finance ministers and central bank governors from 20 major economies
World Trade Organization|org||WTO|is an organization that intends to supervise and liberalize international trade. It officially commenced on 1 January 1995
International Monetary Fund|org||IMF|is an organization of 187 countries, working to foster global monetary cooperation, secure financial stability, facilitate international trade
World Bank|org|||is an international financial institution that provides loans to developing countries for capital programmes
Asian Development Bank|org|||is a regional development bank established on 22 August 1966 to facilitate economic development of countries in Asia
ASEAN|org||Association of Southeast Asian Nations|is a geo-political and economic organization of ten countries located in Southeast Asia
Shanghai Cooperation Organisation|org|||is a Eurasian political, economic and military organisation which was founded in 2001 in Shanghai
African Union|org|||is a continental intergovernmental union consisting of 55 member states located on the continent of Africa
Organization of American States|org|||is an inter-continental organization founded on 30 April 1948, for the purposes of regional solidarity and cooperation among its member states
Commonwealth of Nations|org||Commonwealth|is an intergovernmental organisation of member states that were mostly territories of the former British Empire
OPEC|org||Organization of the Petroleum Exporting Countries|is a cartel of twelve developing countries made up of Algeria, Angola, Ecuador, Iran, Iraq, Kuwait, Libya, Nigeria, Qatar, Saudi Arabia, the United Arab Emirates, and Venezuela
BRICS|org|||is the title of an association of leading emerging economies
Asia-Pacific Economic Cooperation|org||APEC|is a forum for 21 Pacific Rim countries that seeks to promote free trade and economic cooperation throughout the Asia-Pacific region
UNESCO|org|||is a specialized agency of the United Nations established on 16 November 1945. Its stated purpose is to contribute to peace and security by promoting international collaboration through education, science, and culture
International Atomic Energy Agency|org||IAEA|is an international organization that seeks to promote the peaceful use of nuclear energy, and to inhibit its use for any military purpose
World Health Organization|org|||is a specialized agency of the United Nations that acts as a coordinating authority on international public health
International Red Cross and Red Crescent Movement|org||Red Cross|is an international humanitarian movement with approximately 97 million volunteers, members and staff worldwide
Chamber of commerce|org|lc||is a form of business network, for example, a local organization of businesses whose goal is to further the interests of businesses
Six-party talks|org|l||aim to find a peaceful resolution to the security concerns as a result of a nuclear weapons program. There has been a series of meetings with six participating states
Kremlin|org||Moscow Kremlin|is a major fortified central complex found in historic Russian cities. This word is often used to refer to the best-known one, or metonymically to the government that is based there
Aeroflot|org|||is the flag carrier and largest airline of the Russian Federation, based on passengers carried per year
Daewoo|org||Daewoo Group|was a major South Korean chaebol. It was founded on 22 March 1967 as Daewoo Industrial and was dismantled by the Korean government in 1999
Gazprom|org|||is the largest extractor of natural gas in the world and one of the largest companies in the world
Samsung|org||Samsung Group|is a multinational conglomerate company headquartered in Samsung Town, Seoul
Cold War|history|||was the continuing state from roughly 1946 to 1991 of political conflict, military tension, proxy wars, and economic competition between the Communist World and the powers of the Western world
World War I|history||First World War|was a global war centred in Europe that began on 28 July 1914 and lasted until 11 November 1918
World War II|history||Second World War|or the Second World War, was a global conflict lasting from 1939 to 1945, involving most of the world's nations, eventually forming two opposing military alliances: the Allies and the Axis
Korean War|history|||was a conventional war between South Korea, supported by the United Nations, and North Korea, supported by the People's Republic of China
Great Depression|history|||was a severe worldwide economic depression in the decade preceding World War II
Russian Revolution|history|||is the collective term for a series of revolutions in Russia in 1917, which destroyed the Tsarist autocracy and led to the creation of the Soviet Union
Treaty of Versailles|history|||was one of the peace treaties at the end of World War I. It ended the state of war between Germany and the Allied Powers
Helsinki Accords|history||Helsinki Final Act|were the final act of the Conference on Security and Co-operation in Europe held in Helsinki, Finland, during July and August 1975
Dissolution of the Soviet Union|history||collapse of the Soviet Union;fall of the Soviet Union|was the disintegration of the federal political structures and central government of the Union of Soviet Socialist Republics, resulting in the independence of all fifteen republics
Fall of the Berlin Wall|history|||was the opening of the border crossings between East and West Berlin, which led to the end of the division of Germany
Asian financial crisis|history||1997 Asian financial crisis|was a period of financial crisis that gripped much of Asia beginning in July 1997, and raised fears of a worldwide economic meltdown due to financial contagion
Global financial crisis|history|l|financial crisis of 2007–2008|is considered by many economists to be the worst financial crisis since the Great Depression
Soviet Union|country||former USSR;USSR|officially the Union of Soviet Socialist Republics, was a constitutionally socialist state that existed in Eurasia between 1922 and 1991
Ottoman Empire|country|||was an empire that lasted from 1299 to 1923. At the height of its power it spanned three continents
British Empire|country|||comprised the dominions, colonies, protectorates, mandates and other territories ruled or administered by the United Kingdom
Korean Empire|country|||was the Korean state from 1897 to 1910, proclaimed in October 1897 by Emperor Gojong
Empire of Japan|country|||was the empire that existed from the Meiji Restoration to the enactment of the post-World War II Constitution of Japan
Free trade agreement|econ|lc|free trade|is a written agreement between two or more states that lays down the terms of trade and the reduction of tariffs and other barriers
Joint venture|econ|lc||is a business agreement in which parties agree to develop, for a finite time, a new entity and new assets by contributing equity
Foreign direct investment|econ|l|direct investment|is the movement of capital across national frontiers in a manner that grants the investor control rights
Trade barrier|econ|lc||is a general term that describes any government policy or regulation that restricts international trade
Protectionism|econ|l|trade protectionism|is the economic policy of restraining trade between states through methods such as tariffs on imported goods, restrictive quotas, and a variety of other government regulations
Tariff|econ|lc||is a tax on imports or exports between sovereign states. It is a form of regulation of foreign trade
Natural gas|energy|l||is a naturally occurring hydrocarbon gas mixture consisting primarily of methane, but commonly including varying amounts of other higher alkanes
Liquefied natural gas|energy|l|LNG|is natural gas that has been converted to liquid form for ease of storage or transport
Petroleum|energy|l|oil|is a naturally occurring, yellow-to-black liquid found in geological formations beneath the Earth's surface, which is commonly refined into various types of fuels
Pipeline transport|energy|l|pipeline|is the transportation of goods or material through a pipe. Liquids and gases are transported in pipelines
Nuclear power|energy|l|nuclear energy|is the use of nuclear reactions that release nuclear energy to generate heat, which most frequently is then used in steam turbines to produce electricity
Hydroelectricity|energy|l|hydroelectric power|is the term referring to electricity generated by hydropower; the production of electrical power through the use of the gravitational force of falling or flowing water
Renewable energy|energy|l||is energy which comes from natural resources such as sunlight, wind, rain, tides, and geothermal heat, which are renewable
Coal mining|energy|l|coal mine|is the process of extracting coal from the ground. Coal is valued for its energy content
Steel|econ|l||is an alloy made by combining iron and other elements, the most common of these being carbon
Shipbuilding|econ|l||is the construction of ships and other floating vessels. It normally takes place in a specialized facility known as a shipyard
Automotive industry|econ|l|car industry|designs, develops, manufactures, markets, and sells motor vehicles, and is one of the world's most important economic sectors by revenue
Semiconductor|econ|lc||is a material with electrical conductivity due to electron flow intermediate in magnitude between that of a conductor and an insulator
Agriculture|econ|l||is the cultivation of animals, plants, fungi, and other life forms for food, fiber, and other products used to sustain life
Fishing industry|econ|l|fisheries|includes any industry or activity concerned with taking, culturing, processing, preserving, storing, transporting, marketing or selling fish or fish products
Timber|econ|l|lumber|is wood in any of its stages from felling through readiness for use as structural material for construction
Special economic zone|econ|lc|free economic zone|is a geographical region that has economic and other laws that are more free-market-oriented than a country's typical or national laws
Industrial park|econ|lc|industrial complex|is an area zoned and planned for the purpose of industrial development
Container ship|transport|lc||is a cargo ship that carries all of its load in truck-size intermodal containers, in a technique called containerization
Trans-Siberian Railway|transport||Trans-Siberian Railroad;Trans-Siberian|is a network of railways connecting Moscow with the Russian Far East and the Sea of Japan
Silk Road|transport||Silk Route|is an extensive interconnected network of trade routes across the Asian continent connecting East, South, and Western Asia with the Mediterranean world
Airline|transport|lc|air carrier|is a company that provides air transport services for traveling passengers and freight
Port|transport|lc|seaport|is a location on a coast or shore containing one or more harbors where ships can dock and transfer people or cargo to or from land
Railway electrification|transport|l||is a term used for the supply of electric power to railway trains and trams without an on-board prime mover or local fuel supply
Astronaut|space|lc|cosmonaut|or cosmonaut is a person trained by a human spaceflight program to command, pilot, or serve as a crew member of a spacecraft
Soyuz spacecraft|space||Soyuz|is a series of spacecraft initially designed for the Soviet space programme by the Korolyov Design Bureau in the 1960s, and still in service today
International Space Station|space||space station|is a habitable, artificial satellite in low Earth orbit. The ISS follows the Salyut, Almaz, Cosmos, Skylab, and Mir space stations
Satellite|space|lc|artificial satellite|is an object which has been placed into orbit by human endeavour. Such objects are sometimes called artificial satellites
Launch vehicle|space|lc|rocket|is a rocket used to carry a payload from the Earth's surface into outer space
Baikonur Cosmodrome|space||Baikonur|is the world's first and largest operational space launch facility, located in the desert steppe of Kazakhstan
Space exploration|space|l||is the use of astronomy and space technology to explore outer space
Olympic Games|sport||Olympics|are a major international event featuring summer and winter sports, in which thousands of athletes participate in a variety of competitions
Summer Olympic Games|sport||Summer Olympics|are an international multi-sport event, occurring every four years, organized by the International Olympic Committee
Winter Olympic Games|sport||Winter Olympics|are a major international sporting event that occurs once every four years
FIFA World Cup|sport||World Cup|is an international association football competition contested by the senior men's national teams of the members of FIFA
Association football|sport|l|football|is a sport played between two teams of eleven players with a spherical ball
Ice hockey|sport|l|hockey|is a team sport played on ice, in which skaters use wooden or composite sticks to shoot a hard rubber puck into their opponent's net
Chess|sport|l||is a two-player board game played on a chessboard, a square-checkered board with 64 squares arranged in an eight-by-eight grid
Taekwondo|sport|l||is a Korean martial art and the national sport of South Korea, one of the most systematic and scientific Korean traditional martial arts
Judo|sport|l||is a modern martial art, combat and Olympic sport created in Japan in 1882
Basketball|sport|l||is a team sport in which two teams of five players try to score points by throwing a ball through the top of a basketball hoop
Military exercise|mil|lc|war games|is the employment of military resources in training for military operations
Naval vessel|mil|lc|warship|is a ship that is built and primarily intended for combat
Peacekeeping|mil|l|peacekeeping operations|is an activity that aims to create the conditions for lasting peace, distinguished from both peacebuilding and peacemaking
Arms industry|mil|l|arms trade|is a global business which manufactures and sells weapons and military technology and equipment
Submarine|mil|lc||is a watercraft capable of independent operation underwater
Fighter aircraft|mil|l|fighter jet|is a military aircraft designed primarily for air-to-air combat against other aircraft
Military attaché|mil|lc|defence attaché|is a military expert who is attached to a diplomatic mission, often an embassy
Human migration|migr|l|migration|is physical movement by humans from one area to another, sometimes over long distances or in large groups
Diaspora|migr|lc||is a scattered population with a common origin in a smaller geographic area
Refugee|migr|lc||is a person who has been forced to leave their country in order to escape war, persecution, or natural disaster
Guest worker|migr|lc|foreign worker|is a person who works in a country other than the one of which he or she is a citizen
Koryo-saram|migr|||is the name which ethnic Koreans in the post-Soviet states use to refer to themselves. Approximately 500,000 ethnic Koreans reside in the former Soviet Union
Post-Soviet states|migr||former Soviet republics|also commonly known as the Former Soviet Union, are the 15 independent states that split off from the Union of Soviet Socialist Republics in its dissolution in December 1991
Sakhalin Koreans|migr|||are Russian citizens and residents of Korean descent living on Sakhalin Island, who trace their roots to immigrants of the late 1930s and early 1940s
Tatars|migr|||are a Turkic people living in Asia and Europe who number roughly 7 million
Student exchange program|culture|lc|student exchange|is a program in which students from a secondary school or university study abroad at one of their institution's partner institutions
Tourism|culture|l||is travel for recreational, leisure or business purposes
Orthodox Church|culture||Eastern Orthodox Church|is the second largest Christian church in the world, with an estimated 300 million adherents
Buddhism|culture|||is a religion and philosophy encompassing a variety of traditions, beliefs and practices, largely based on teachings attributed to Siddhartha Gautama
Islam|culture|||is a monotheistic and Abrahamic religion articulated by the Qur'an
Cinema|culture|l|film industry|is the art of moving images. A film, also called a movie or motion picture, is a series of still or moving images
Literature|culture|l||is the art of written works, and is not confined to published sources
Classical music|culture|l||is the art music produced in, or rooted in, the traditions of Western liturgical and secular music
Ballet|culture|l||is a type of performance dance, that originated in the Italian Renaissance courts of the 15th century
Language education|culture|l|language teaching|is the teaching and learning of a foreign or second language
University|culture|l||is an institution of higher education and research, which grants academic degrees in a variety of subjects
Scholarship|culture|lc||is an award of financial aid for a student to further education
Sister city|culture|l|twin town|is a form of legal or social agreement between towns, cities, counties or states in geographically and politically distinct areas to promote cultural and commercial ties
Cultural center|culture|lc|cultural centre|is an organization, building or complex that promotes culture and arts
Sakhalin|place|||is a large island in the North Pacific, lying between 45°50' and 54°24' N. It is part of Russia, and is Russia's largest island
Krasnoyarsk|place|||is a city and the administrative center of Krasnoyarsk Krai, Russia, located on the Yenisei River. It is the third largest city in Siberia
Irkutsk|place|||is a city and the administrative center of Irkutsk Oblast, Russia, one of the largest cities in Siberia. Population: .-History:In 1652, Ivan Pokhabov built a zimovye near the site of Irkutsk
Volgograd|place|||formerly called Tsaritsyn and Stalingrad, is an important industrial city and the administrative center of Volgograd Oblast, Russia
Incheon|place|||is a metropolitan city located in northwestern South Korea. The city was home to just 4,700 people when Jemulpo port was built in 1883
Hong Kong|place|||is one of two Special Administrative Regions of the People's Republic of China, the other being Macau
Singapore|place|||officially the Republic of Singapore, is a Southeast Asian city-state off the southern tip of the Malay Peninsula, north of the equator
San Francisco|place|||is the fourth most populous city in California and the 14th most populous city in the United States
Geneva|place|||is the second most populous city in Switzerland and is the most populous city of Romandy, the French-speaking part of Switzerland
Vienna|place|||is the capital and largest city of Austria and one of the nine states of Austria
Panama Canal|place|||is a ship canal in Panama that joins the Atlantic Ocean and the Pacific Ocean and is a key conduit for international maritime trade
Suez Canal|place|||is an artificial sea-level waterway in Egypt, connecting the Mediterranean Sea and the Red Sea
Strait of Malacca|place|||is a narrow, 805 km stretch of water between the Malay Peninsula and the Indonesian island of Sumatra
Gyeongsang|place|||was one of the eight provinces of Korea during the Joseon Dynasty. Gyeongsang was located in the southeast of Korea.
Jeolla|place|||was a province in southwestern Korea, one of the historical Eight Provinces of Korea during the Joseon Dynasty
Antarctica|place|||is Earth's southernmost continent, containing the geographic South Pole
Climate change|concept|l|global warming|is a long-term change in the statistical distribution of weather patterns over periods of time that range from decades to millions of years
Counter-terrorism|mil|l|counterterrorism|incorporates the practice, tactics, techniques, and strategy that governments, militaries, police departments and corporations adopt in response to terrorist threats
Piracy|mil|l||is an act of robbery or criminal violence at sea. The term can include acts committed on land, in the air, or in other major bodies of water or on a shore
Development aid|econ|l|foreign aid|is aid given by governments and other agencies to support the economic, environmental, social and political development of developing countries
Humanitarian aid|econ|l||is material or logistical assistance provided for humanitarian purposes, typically in response to humanitarian crises
Software industry|econ|l||comprises businesses for development, maintenance and publication of software
Telecommunication|econ|l|telecommunications|is the transmission of information over significant distances to communicate
Pharmaceutical industry|econ|l||develops, produces, and markets drugs licensed for use as medications
Textile industry|econ|l|textiles|is primarily concerned with the design or production of yarn, cloth, clothing, and their distribution
Wine|econ|l||is an alcoholic beverage made from fermented grapes or other fruits
"""

# Sentences by the theme of the section they go in. Placeholders: {A} {B} country names, {Adem}
# {Bdem} demonyms, {Apl} {Bpl} plural peoples, {capA} {capB} capitals as text. A link: {@A} {@B}
# (the countries), {@capA} {@capB} {@cityA} {@cityB}, {@other} (a third country), {@category}
# (a term of that category) or {@=Title|Title} (one of those terms); "+s" after it links a countable
# term cut before its plural "s" ("official residence" + "s"). Dates: {date} a dated phrase with its
# preposition ("in July 1986", "from June 2 to June 10, 1989"), {Date} one opening a sentence,
# {bare} one without a preposition ("since {bare}"), {noyear} a day without a year ("on May 25").
# People: {PA} {PB} a person of country A or B, introduced with title and nationality the first time
# and by surname afterwards. {quote} a quoted name, before which the capture may break the line.
THEMES = {
    "history": """
{Date}, {PA} visited {@capB} to discuss trade and the status of {Bpl} living in {A}.
Contacts between the two countries date back to {bare}, when merchants from {@cityA} first reached {@capB}.
{Date}, {A} and {B} signed a protocol providing for regular visits of defence officials and naval vessels between the two countries.
During the {@=Cold War|World War II|World War I|Korean War}, the two countries had little contact, since they were separated by opposing ideologies.
{Date}, the two governments established formal {@=Diplomacy} and agreed to open embassies.
The end of the {@=Cold War|Korean War|World War II} brought greater trade and cooperation between the two nations.
{PA} held a first summit with {PB} in {@=San Francisco|Geneva|Vienna|Singapore|Hong Kong} {date}.
{Adem} policy towards {B} changed {date}, as {capA} sought new partners in {@region}.
{PA}'s {quote} and the reforms of {PB} were both attempts to reverse their nations' recent histories.
{PB} visited {capA} {daterange}, as the {@=Kremlin|United Nations} announced that it would allow some 300,000 {Bpl} to return home.
{Date} {@A} and {@B} signed a treaty of friendship and cooperation.
The two countries have maintained {@=Diplomacy} without interruption since {bare}.
After the {@=Dissolution of the Soviet Union|Fall of the Berlin Wall|Russian Revolution}, {B} was one of the first states to recognise the new government in {capA}.
Relations worsened {date}, when {B} joined the sanctions of the {@=European Union|United Nations|NATO} against {A}.
{capA} even arranged a meeting of {PB} with the {Adem} ambassador to the {@=Soviet Union}.
The {@=Cold War|World War II|Great Depression} and {@=Perestroika|Glasnost|Decolonization} both left their mark on the relations between {capA} and {capB}.
Reforms in {capA} were watched closely in {capB}, where {PB} spoke of {@=Détente|Nordpolitik|Perestroika}.
""",
    "economy": """
{PB} opened a {@=Trade barrier|Chamber of commerce} office in {capA} {date}, accompanied by {PA}.
{PA} told {Bdem} investors in {@capB} that {A} would lower its tariffs.
The total trade volume between {A} and {B} was 4.2 billion US dollars {date}.
{A} and {B} are working together on the construction of a bilateral {@=Industrial park|Special economic zone} in the {@region}.
Trade with {@other}, {@other}, and {@A} would also alleviate {B}'s apprehension over rising {@=Protectionism|Tariff|Trade barrier}.
{Date}, the {Adem} {@=Chamber of commerce} and its {Bdem} counterpart exchanged a trade memorandum pledging mutual assistance.
Several major {Bdem} businesses, including {@=Daewoo|Samsung|Gazprom|Aeroflot}, traded directly with {A} {date}.
The natural resources {B} increasingly needed, oil, metals, timber, and fish, are abundant in {A}.
{A} reportedly offered to repay its $1.7 billion debt to {B} through joint investments in {@econ}.
{Adem} exports to {B} consist mostly of {@econ} and {@energy}, while {B} sells machinery and {@=Semiconductor|Tariff+s} of every kind.
The two sides agreed {date} to cooperate on reconnecting a planned railroad with the {@=Trans-Siberian Railway|Silk Road}.
{PA} and {PB} signed a {@=Free trade agreement|Memorandum of understanding} worth 600 million US dollars {date}.
Because of the lack of diplomatic relations, most trade initially was indirect; {@=Hong Kong|Singapore}, {@other}, and {@=Eastern Europe|Central Asia|Southeast Asia} served as intermediaries.
{B} has expressed interest in becoming a conduit for {Adem} exports to {@region}, which now go by ship.
Both countries are members of the {@=World Trade Organization|G20|Asia-Pacific Economic Cooperation} and the {@=United Nations|World Bank|International Monetary Fund}.
{Adem} {@=Joint venture+s} in {B} employ about 12,000 people.
""",
    "energy": """
{PA} and {PB} opened the first section of the {@=Pipeline transport} {date}.
{A} and {B} signed a long-term agreement on the supply of {@=Natural gas|Liquefied natural gas|Petroleum} {date}.
A planned {@=Pipeline transport} would carry gas from {A} to the coast of {B}, passing near {@cityA}.
{Adem} companies have invested in {@=Hydroelectricity|Renewable energy|Coal mining} projects in {B} since {bare}.
The two countries discussed cooperation in {@=Nuclear power|Renewable energy} and {@=Natural gas|Hydroelectricity} at a meeting in {@capB}.
{PB} toured a power plant near {@cityB} {date}.
Gas-fields development near {@=Irkutsk|Krasnoyarsk|Sakhalin} is financed by {Bdem} banks.
""",
    "culture": """
{PA} opened an exhibition of {Bdem} art in {@capA} {date}.
{Date}, the first {Bdem} {@=Cultural center|University} opened in {@capA}.
{Bdem} {@=Cinema|Literature|Classical music|Ballet} has become popular in {A}, and more than 5,000 {Adem} students study in {B}.
{@cityA} and {@cityB} have been twinned as {@=Sister city|Cultural center} partners since {bare}.
The two countries signed an agreement on cultural cooperation {date}, covering {@=Language education|Tourism}, {@=Cinema|Literature}, and {@=Ballet|Classical music}.
The {Adem} language is taught at several {@=Cultural center+s} in {@capB}.
Many {Bpl} follow {@=Buddhism|Islam|Orthodox Church}, which reached {B} from {A} {century}.
Tourist ships from {A} came to {@cityB} and planes of {@=Aeroflot} landed in {capB}.
A {quote} festival has been held in {capA} every year since {bare}.
The {@=Student exchange program} between the two countries was extended to {@=Scholarship+s} for doctoral students.
""",
    "military": """
{Date}, {A} and {B} held their first joint {@=Military exercise} in the {@sea}.
{A} has sold {@=Submarine|Naval vessel+s} and other equipment to {B} since {bare}.
The two navies cooperate against {@=Piracy|Counter-terrorism} in the {@sea} and the {@sea}.
{PA} and {PB} agreed {date} to exchange {@=Military attaché+s} and to open a {quote} between the two ministries.
Soldiers from both countries served together in {@=Peacekeeping} missions under the {@=United Nations}.
{B} and {A} are participants in the {@=Six-party talks} on {@=Nuclear proliferation|Arms control}.
Many news agencies in {@capB} were fearing that the move might lead to war.
After the nuclear test {noyear}, {PA} and {PB} agreed that a strong international response was needed, including action by the {@=United Nations Security Council}.
""",
    "diplomacy": """
{A} has an {@=Embassy} in {@capB}, and {B} has an embassy in {@capA}.
{A} also has a {@=Consulate} in {@cityB}.
{Date}, during a visit of {PA} to {@capB}, a {quote} agreement was signed providing for a special communications link between the {@=Official residence+s} of the two presidents.
{PB} paid a {@=State visit} to {A} {date}, the first by a {Bdem} head of state.
A few days later, {PA} and {PB} agreed in a phone call that a strong international response was needed.
{PA}'s office said that {A} would work with {B} on a new resolution at the {@=United Nations}.
{A} and {B} signed a {@=Memorandum of understanding} on consular matters {date}.
After the summit {noyear}, {PB} said the two countries shared the same goals.
{Date} the two foreign ministries opened a {quote} to handle emergencies.
The two countries agreed on a {@=Visa waiver program} for holders of diplomatic passports {date}.
""",
    "migration": """
{PB} raised the status of {Bpl} in {A} during talks with {PA} {date}.
{Apl} in {B} began arriving as early as {bare}; however, most of the current community is composed of recent migrants.
Approximately 50,000 {Apl} reside in {B}, primarily in {@cityB} and {capB}.
There are also large {Adem} communities in the {@=Caucasus|Siberia|Balkans}, the {@=Russian Far East|Central Asia|Middle East}, and {@other}.
These communities can be traced back to the {@=Tatars|Koryo-saram|Sakhalin Koreans} who were living in {@cityB} {century}.
Some {Bpl} came to {A} as {@=Guest worker|Refugee+s} {date}, forced by the economic crisis at home.
{Date}, {B} and {A} agreed on a {@=Visa waiver program} for their citizens.
The {@=Diaspora} of {Bpl} in {A} numbers about 20,000 people.
Many {Bpl} moved to the {@=Post-Soviet states} after the war, and their descendants still live there.
""",
    "sport": """
{PB} attended the final in {@capA} together with {PA} {date}.
Improved relations between {capA} and {capB} were planned in three related stages: sports, trade, and political relations.
The {@=Summer Olympic Games|Winter Olympic Games|Olympic Games} in {capB} {date} were a major catalyst for contacts between the two countries.
{Adem} and {Bdem} teams have met many times in {@=Association football|Ice hockey|Basketball} and {@=Chess|Judo|Taekwondo}.
{A} sent more than 6,000 athletes and fans to {B} for the {@=FIFA World Cup|Olympic Games} {date}.
{Bdem} coaches have trained {Adem} players in {@=Judo|Taekwondo|Ice hockey} since {bare}.
""",
    "space": """
{PA} and {PB} watched the launch together {date}.
{B} selected its first {@=Astronaut} {date}, scheduled to board a {@=Soyuz spacecraft} flight to the {@=International Space Station}.
{B} plans the first domestic launch of a {@=Satellite} {date}, with {Adem} assistance.
The {Bdem} aerospace institute is spending about 20 billion on the astronaut project, including {Adem} fees.
{Adem} engineers helped build the {@=Launch vehicle} that carried a {Bdem} satellite into orbit {date}.
{A} and {B} signed an agreement on {@=Space exploration} and satellite navigation {date}.
Cosmonauts of both countries trained together at the {@=Baikonur Cosmodrome}.
""",
}

THEME_HEADINGS = {
    "history": (
        "Early contacts",
        "Imperial era",
        "Interwar period",
        "Cold War period",
        "Soviet period",
        "Post-Cold War relations",
        "Establishment of diplomatic relations",
        "Recent developments",
        "Historical background",
        "Normalization of relations",
    ),
    "economy": ("Economic cooperation", "Trade", "Trade and investment", "Economic relations", "Investment"),
    "energy": ("Energy", "Energy cooperation", "Natural resources"),
    "culture": ("Cultural relations", "Cultural exchanges", "Education", "Culture and tourism"),
    "military": ("Military cooperation", "Defence cooperation", "Security cooperation", "Nuclear threat"),
    "diplomacy": ("Diplomatic missions", "State visits", "High-level visits", "Diplomatic relations"),
    "migration": ("Human migration", "Diaspora", "Migration", "Communities abroad"),
    "sport": ("Sport", "Sporting ties", "Sports exchanges"),
    "space": ("Space program", "Space cooperation", "Science and technology"),
}

# Years each theme's dates are drawn from: a history section speaks of the past, a space section of
# the space age.
THEME_YEARS = {
    "history": (1860, 2015),
    "economy": (1965, 2020),
    "energy": (1970, 2020),
    "culture": (1950, 2020),
    "military": (1955, 2020),
    "diplomacy": (1960, 2020),
    "migration": (1860, 2020),
    "sport": (1952, 2020),
    "space": (1961, 2020),
}

QUOTES = (
    "‘hot line’",
    "‘New Thinking’",
    "‘Northern Policy’",
    "‘Friendship Week’",
    "‘Open Skies’",
    "‘Silk Wind’",
    "‘Golden Bridge’",
)

# The first line of the capture's plain body ends with the first link: the full body starts with
# that link's title, so the first sentence always links early.
LEAD_OPENINGS = (
    "{title} refers to the {@=Bilateralism} {@=Diplomacy} between {@A} and {@B}.",
    "{title} refers to the {@=Diplomacy} between {@A} and {@B}.",
    "{title} are the {@=Bilateralism} relations between {@A} and {@B}.",
)

LEAD_SENTENCES = """
Both countries are members of the {@=United Nations|G20|World Trade Organization}.
{A} has an embassy in {@capB}, and {B} has an embassy in {@capA}.
Since the end of the {@=Cold War|Korean War}, there has been greater trade and cooperation between the two nations.
Relations were established {date}, and have been described as friendly ever since.
Immediately following {@other}'s occupation of the region, there was little contact between the two states.
"""

# A second sentence for definitions, by category, so that a definition runs long enough to be cut.
DEFINITION_TAILS = {
    "concept": "The term is used in international relations, law and political science, and its meaning has changed over the centuries",
    "region": "The region has been shaped by migration, trade and the rise and fall of empires, and its borders are drawn differently by different scholars",
    "sea": "Its waters have been used for fishing and shipping since ancient times, and its shores are home to several major ports",
    "org": "Its headquarters host the permanent missions of its members, and its working languages include English and French",
    "history": "Historians continue to debate its causes and consequences, which shaped the politics of the following decades",
    "country": "Its history, culture and economy have been shaped by its position between several great powers",
    "econ": "The sector is an important source of employment and export revenue for many developing and developed economies",
    "energy": "Its use has grown steadily with industrialization and is a major subject of international agreements",
    "transport": "It carries a large share of the freight and passengers moving between the regions it connects",
    "space": "It has been central to international cooperation in space since the end of the space race",
    "sport": "It is governed by an international federation and is played or followed by millions of people worldwide",
    "mil": "It is regulated by international treaties and by the laws and customs of war",
    "migr": "Their numbers have been estimated differently by successive censuses and by community organizations",
    "culture": "It has been promoted by governments and foundations as a means of strengthening ties between peoples",
    "place": "It is an important center of commerce, culture and transport in its region",
    "person": "Before entering politics, he studied law and worked as a journalist and a diplomat",
    "city": "The city is a major center of industry, commerce, culture and transport, with a population of over one million",
}
