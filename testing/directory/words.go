package directory

import "strings"

// Word lists the generator draws from. They are fixed so that output is
// stable across releases; changing them changes every generated directory.

// firstNames holds given names.
var firstNames = []string{
	"Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alan", "Alice", "Amara", "Amelia", "Ana",
	"Andrea", "Andrew", "Anna", "Arjun", "Ava", "Ben", "Bianca", "Carla", "Carlos", "Chen",
	"Chloe", "Chris", "Clara", "Daniel", "David", "Diana", "Diego", "Elena", "Eli", "Emily",
	"Emma", "Eric", "Eva", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah",
	"Hiro", "Ian", "Ines", "Isaac", "Ivan", "Jack", "James", "Jana", "Jasmine", "Javier",
	"Jin", "John", "Julia", "Kai", "Karim", "Kate", "Laura", "Lea", "Leo", "Liam",
	"Lina", "Lucas", "Lucy", "Luis", "Maria", "Mark", "Maya", "Mei", "Mia", "Michael",
	"Nadia", "Nina", "Noah", "Nora", "Olga", "Oliver", "Omar", "Paul", "Priya", "Rafael",
	"Rahul", "Rosa", "Ryan", "Sara", "Sofia", "Sophie", "Stefan", "Tariq", "Thomas", "Tom",
	"Uma", "Victor", "Wei", "Yara", "Yuki", "Zara", "Zoe", "Marco", "Ingrid", "Kwame",
}

// lastNames holds family names.
var lastNames = []string{
	"Adams", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Brown", "Campbell", "Chen", "Clark",
	"Costa", "Cruz", "Davis", "Dubois", "Evans", "Fischer", "Garcia", "Gomez", "Gonzalez", "Green",
	"Hall", "Hansen", "Harris", "Hernandez", "Hill", "Hoffmann", "Ito", "Jackson", "Jansen", "Johnson",
	"Jones", "Kaur", "Khan", "Kim", "King", "Kowalski", "Kumar", "Lee", "Lewis", "Li",
	"Lopez", "Martin", "Martinez", "Meyer", "Miller", "Moore", "Muller", "Murphy", "Nakamura", "Nguyen",
	"Nielsen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Perez", "Petrov", "Ramirez", "Reyes",
	"Richter", "Roberts", "Rodriguez", "Rossi", "Santos", "Sato", "Schmidt", "Schneider", "Scott", "Silva",
	"Singh", "Smith", "Sousa", "Suzuki", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Tran",
	"Wagner", "Walker", "Wang", "Weber", "White", "Williams", "Wilson", "Wong", "Wright", "Wu",
	"Yamamoto", "Yang", "Young", "Zhang", "Zhou", "Ivanova", "Haddad", "Mensah", "Larsen", "Moreau",
}

// departments holds enterprise department names; each also gets a group.
var departments = []string{
	"Engineering", "Sales", "Marketing", "Finance", "Human Resources", "Legal",
	"Operations", "Customer Support", "Product", "IT", "Research", "Facilities",
}

// titles holds job titles.
var titles = []string{
	"Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
	"Account Executive", "Sales Manager", "Marketing Specialist", "Content Strategist",
	"Financial Analyst", "Controller", "HR Business Partner", "Recruiter",
	"Counsel", "Operations Analyst", "Support Specialist", "Support Lead",
	"Product Manager", "Product Designer", "IT Administrator", "Research Scientist",
	"Director", "Vice President",
}

// homeDomains holds personal email domains.
var homeDomains = []string{"mail.example.org", "home.example.net", "inbox.example.com"}

// groupPrefixes and groupNouns form regular group names.
var (
	groupPrefixes = []string{"Team", "Project", "App", "Role", "Site", "Committee", "Guild", "Program"}
	groupNouns    = []string{
		"Aurora", "Falcon", "Orion", "Atlas", "Phoenix", "Nimbus", "Cobalt", "Juniper",
		"Meridian", "Sequoia", "Horizon", "Quartz", "Vega", "Helix", "Summit", "Tundra",
	}
)

// lower returns lower-cased copies of words, computed once so per-user
// generation does not allocate for it.
func lower(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}

var (
	firstNamesLower = lower(firstNames)
	lastNamesLower  = lower(lastNames)
)
