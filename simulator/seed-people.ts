/** Names, places and phone formats for seeded customers of a European shop. */
import type { AddressRecord } from "./model";
import type { SeededRandom } from "./random";

const FIRST_NAMES = [
  "Emma",
  "Liam",
  "Sofia",
  "Noah",
  "Julia",
  "Lucas",
  "Mila",
  "Daan",
  "Anna",
  "Finn",
  "Lena",
  "Max",
  "Chloé",
  "Hugo",
  "Marta",
  "Mateo",
  "Elena",
  "Jonas",
  "Sara",
  "Luca",
  "Nora",
  "Elias",
  "Ines",
  "Tom",
  "Femke",
  "Bram",
  "Léa",
  "Paul",
  "Giulia",
  "Oscar",
  "Hanna",
  "Milan",
  "Zoë",
  "Ruben",
  "Isabel",
  "Felix",
  "Amélie",
  "Sven",
  "Clara",
  "Jan",
];

const LAST_NAMES = [
  "de Vries",
  "Jansen",
  "Bakker",
  "Visser",
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Martin",
  "Bernard",
  "Dubois",
  "Moreau",
  "García",
  "Fernández",
  "López",
  "Rossi",
  "Russo",
  "Bianchi",
  "Peeters",
  "Janssens",
  "Maes",
  "Nowak",
  "Novák",
  "Andersen",
  "Nielsen",
  "Lindqvist",
  "O'Brien",
  "Murphy",
  "Keller",
  "Weber",
  "Costa",
  "Silva",
];

interface Place {
  city: string;
  country: string;
  countryCode: string;
  province: string | null;
  provinceCode: string | null;
  zip: (r: SeededRandom) => string;
  street: readonly string[];
  phonePrefix: string;
}

const PLACES: Place[] = [
  {
    city: "Amsterdam",
    country: "Netherlands",
    countryCode: "NL",
    province: "Noord-Holland",
    provinceCode: "NH",
    zip: (r) => `10${r.int(11, 99)} ${r.pick(["AB", "KL", "RT", "XS"])}`,
    street: ["Prinsengracht", "Keizersgracht", "Overtoom"],
    phonePrefix: "+316",
  },
  {
    city: "Utrecht",
    country: "Netherlands",
    countryCode: "NL",
    province: "Utrecht",
    provinceCode: "UT",
    zip: (r) => `35${r.int(11, 99)} ${r.pick(["AC", "GH", "PL"])}`,
    street: ["Oudegracht", "Biltstraat", "Amsterdamsestraatweg"],
    phonePrefix: "+316",
  },
  {
    city: "Rotterdam",
    country: "Netherlands",
    countryCode: "NL",
    province: "Zuid-Holland",
    provinceCode: "ZH",
    zip: (r) => `30${r.int(11, 99)} ${r.pick(["BA", "EN", "WC"])}`,
    street: ["Witte de Withstraat", "Coolsingel", "Nieuwe Binnenweg"],
    phonePrefix: "+316",
  },
  {
    city: "Berlin",
    country: "Germany",
    countryCode: "DE",
    province: "Berlin",
    provinceCode: "BE",
    zip: (r) => `10${r.int(115, 999)}`,
    street: ["Torstraße", "Kastanienallee", "Sonnenallee"],
    phonePrefix: "+4915",
  },
  {
    city: "Hamburg",
    country: "Germany",
    countryCode: "DE",
    province: "Hamburg",
    provinceCode: "HH",
    zip: (r) => `20${r.int(95, 999)}`,
    street: ["Schanzenstraße", "Osterstraße", "Lange Reihe"],
    phonePrefix: "+4917",
  },
  {
    city: "Paris",
    country: "France",
    countryCode: "FR",
    province: null,
    provinceCode: null,
    zip: (r) => `750${String(r.int(1, 20)).padStart(2, "0")}`,
    street: ["Rue de Rivoli", "Rue Oberkampf", "Boulevard Voltaire"],
    phonePrefix: "+336",
  },
  {
    city: "Lyon",
    country: "France",
    countryCode: "FR",
    province: null,
    provinceCode: null,
    zip: (r) => `6900${r.int(1, 9)}`,
    street: ["Rue de la République", "Cours Lafayette"],
    phonePrefix: "+337",
  },
  {
    city: "Antwerpen",
    country: "Belgium",
    countryCode: "BE",
    province: null,
    provinceCode: null,
    zip: () => "2000",
    street: ["Meir", "Kammenstraat", "Nationalestraat"],
    phonePrefix: "+324",
  },
  {
    city: "Madrid",
    country: "Spain",
    countryCode: "ES",
    province: "Madrid",
    provinceCode: "M",
    zip: (r) => `280${String(r.int(1, 55)).padStart(2, "0")}`,
    street: ["Calle de Alcalá", "Calle Mayor", "Gran Vía"],
    phonePrefix: "+346",
  },
  {
    city: "Milano",
    country: "Italy",
    countryCode: "IT",
    province: "Milano",
    provinceCode: "MI",
    zip: (r) => `201${r.int(10, 62)}`,
    street: ["Via Torino", "Corso Buenos Aires", "Via Dante"],
    phonePrefix: "+393",
  },
  {
    city: "Wien",
    country: "Austria",
    countryCode: "AT",
    province: null,
    provinceCode: null,
    zip: (r) => `1${String(r.int(1, 23)).padStart(2, "0")}0`,
    street: ["Mariahilfer Straße", "Praterstraße"],
    phonePrefix: "+43664",
  },
];

export interface SeedPerson {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  address: AddressRecord;
}

function emailLocalPart(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, "");
}

export function seedPerson(r: SeededRandom, index: number): SeedPerson {
  const firstName = r.pick(FIRST_NAMES);
  const lastName = r.pick(LAST_NAMES);
  const place = r.pick(PLACES);
  // Reserved example domains so seeded addresses can never reach a real inbox.
  const domain = r.pick(["example.com", "example.org", "example.net"]);
  const suffix = index > 20 ? String(index) : "";
  const email = `${emailLocalPart(firstName)}.${emailLocalPart(lastName)}${suffix}@${domain}`;
  const phone = r.chance(0.8) ? `${place.phonePrefix}${r.digits(12 - place.phonePrefix.length + 1)}` : null;
  const address: AddressRecord = {
    firstName,
    lastName,
    company: r.chance(0.1) ? `${lastName} ${r.pick(["Studio", "BV", "GmbH", "& Co"])}` : null,
    address1: `${r.pick(place.street)} ${r.int(1, 240)}`,
    address2: r.chance(0.15) ? `${r.pick(["Apt", "Floor", "Unit"])} ${r.int(1, 12)}` : null,
    city: place.city,
    province: place.province,
    provinceCode: place.provinceCode,
    country: place.country,
    countryCode: place.countryCode,
    zip: place.zip(r),
    phone,
  };
  return { firstName, lastName, email, phone, address };
}
