using System.Text;
using OCoP.Modules.Discussions.Contracts;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>The vocabulary of generated content: practitioners' names, groups, topics and posts in Markdown.</summary>
internal static class Words
{
    public static readonly string[] FirstNames =
    [
        "Amara", "Elena", "Dev", "Ben", "Chloé", "Sofia", "Liam", "Noah", "Maya", "Yuki", "Omar", "Fatima", "Lucas", "Ines", "Hugo", "Zara",
        "Kwame", "Aiko", "Mateo", "Priya", "Jonas", "Leila", "Tomás", "Nadia", "Ravi", "Greta", "Ikenna", "Mei", "Pablo", "Aisha", "Finn", "Ana",
        "Kai", "Lena", "Arjun", "Olga", "Samir", "Eva", "Diego", "Hana", "Malik", "Ingrid", "Chen", "Rosa", "Tariq", "Freya", "Nikolai", "Ama",
        "Jorge", "Mira", "Emeka", "Saoirse", "Ivan", "Lucía", "Kenji", "Sana", "Felix", "Noor", "Bruno", "Tove", "Ali", "Clara", "Sipho", "Yara",
    ];

    public static readonly string[] LastNames =
    [
        "Okafor", "Rossi", "Patel", "Carter", "Martin", "Nguyen", "Schmidt", "Kowalski", "Silva", "Tanaka", "Haddad", "Mensah", "Dubois", "Larsen",
        "García", "Novak", "Kim", "Ahmed", "Müller", "Costa", "Ivanova", "Murphy", "Chen", "Yilmaz", "Okoro", "Lindqvist", "Fernández", "Sato",
        "Moreau", "Bianchi", "Johansson", "Adeyemi", "Kaur", "Petrov", "Hughes", "Almeida", "Nakamura", "Ben-David", "O'Brien", "Horvat",
        "Van Dijk", "Rahman", "Popescu", "Wright", "Kariuki", "Santos", "Fischer", "Jensen", "Mwangi", "Lopez", "Ferrari", "Zhang", "Berg",
        "Osei", "Russo", "Kovač", "Singh", "Moretti", "Eriksen", "Abubakar", "Leclerc", "Nowak", "Hansen", "Diallo",
    ];

    public static readonly string[] Subjects =
    [
        "Inquiry Science", "Career Guidance", "Early Years", "Primary Maths", "Coaching", "Mentoring", "Youth Work", "Adult Literacy",
        "Secondary English", "Special Needs", "School Leadership", "Physical Education", "Music Education", "Art Teaching", "Language Teaching",
        "Computing Teaching", "Nursing Education", "Social Work", "Library", "Museum Education", "Outdoor Learning", "Sports Coaching",
        "Executive Coaching", "Wellbeing", "Vocational Training", "Engineering Practice", "Data Literacy", "Instructional Design",
        "Assessment", "Peer Tutoring",
    ];

    public static readonly string[] Practices = ["Practitioners", "Teachers", "Network", "Circle", "Community", "Forum", "Collective", "Guild"];

    public static readonly string[] Expertise =
    [
        "assessment", "feedback", "curriculum", "inclusion", "coaching", "mentoring", "wellbeing", "careers", "labour-market", "interviews",
        "lesson-study", "inquiry", "literacy", "numeracy", "behaviour", "digital", "research", "leadership", "reflection", "planning",
        "safeguarding", "motivation", "project-based", "questioning", "outdoor", "languages", "science", "maths", "arts", "sport",
    ];

    private static readonly string[] Openers =
    [
        "How do you", "Has anyone tried to", "Looking for ideas to", "What works when you", "Struggling to", "Best way to", "Sharing how we",
        "Question about how to", "Resources that help", "A year of trying to",
    ];

    private static readonly string[] Aims =
    [
        "give feedback that students act on", "run a first coaching session", "start lesson study in a small school", "plan a careers fair",
        "support a new colleague", "measure the impact of mentoring", "keep a community of practice going", "use exit tickets well",
        "bring inquiry into a packed curriculum", "prepare clients for interviews", "include learners with additional needs",
        "structure peer observation", "write a group charter", "use labour market information with teenagers", "make reflection a habit",
        "assess practical skills fairly", "design an online workshop", "welcome newcomers to our network", "balance workload and planning",
        "ask better questions in class",
    ];

    private static readonly string[] Sentences =
    [
        "We tried this with two classes last term and the difference was clear after a few weeks.",
        "The key for me was agreeing on one small change and sticking to it for a whole half-term.",
        "I would start with the people who are already curious rather than trying to convince everyone at once.",
        "Our team keeps a shared log of what we tried, what happened and what we would change next time.",
        "Has anyone found a good way to make the time for this without adding to everyone's load?",
        "The research summary from last year's conference is worth a read, especially the section on follow-up.",
        "In my experience the first session sets the tone, so we spend most of the preparation on it.",
        "I disagree slightly: the structure matters less than whether people feel safe to admit what did not work.",
        "We paired new colleagues with someone from a different department and it worked better than expected.",
        "A short check-in at the start of each meeting made a surprising difference to attendance.",
        "The hardest part was measuring anything meaningful; we settled on three questions asked every month.",
        "Thanks for sharing this, I am going to try the second idea with my group next week.",
        "We recorded a few sessions (with consent) and watching them back together was the most useful thing we did.",
        "It helps to write down what success would look like before starting, otherwise every result looks like progress.",
        "Our facilitator rotates every term, which keeps the group from depending on one person.",
        "The template below is what we use; feel free to adapt it.",
        "I found that students engage more when they can see their own progress over time.",
        "We ran it as a pilot with volunteers first and only then proposed it to the whole school.",
        "Keeping the sessions short, forty minutes at most, was what made them sustainable for us.",
        "The feedback from clients was mixed at first but improved once we explained the purpose up front.",
    ];

    private static readonly string[] Links =
    [
        "https://example.org/research/feedback-that-works", "https://example.org/guides/coaching-first-session",
        "https://example.org/toolkits/lesson-study", "https://example.org/reports/careers-guidance-2026",
    ];

    public static string Title(Random random, TopicKind kind)
    {
        var title = $"{Openers[random.Next(Openers.Length)]} {Aims[random.Next(Aims.Length)]}";
        return kind == TopicKind.Question ? title + "?" : title;
    }

    /// <summary>
    /// A post in Markdown: one to four paragraphs, sometimes a list, a link, emphasis, or a mention. Lengths vary like
    /// real posts: most are a few sentences, some are long.
    /// </summary>
    public static string Post(Random random, string? mention)
    {
        var text = new StringBuilder();
        if (mention is not null)
        {
            text.Append('@').Append(mention).Append(' ');
        }

        var paragraphs = 1 + (random.NextDouble() < 0.6 ? 0 : random.Next(1, 4));
        for (var p = 0; p < paragraphs; p++)
        {
            if (p > 0)
            {
                text.Append("\n\n");
            }

            var sentences = 1 + random.Next(4);
            for (var s = 0; s < sentences; s++)
            {
                var sentence = Sentences[random.Next(Sentences.Length)];
                if (random.NextDouble() < 0.1)
                {
                    var space = sentence.IndexOf(' ', sentence.Length / 2);
                    sentence = space > 0 ? $"{sentence[..space]} **{sentence[(space + 1)..].TrimEnd('.', '?')}**." : sentence;
                }

                text.Append(s > 0 ? " " : "").Append(sentence);
            }
        }

        if (random.NextDouble() < 0.15)
        {
            text.Append("\n\nWhat we do:\n\n");
            for (var i = 0; i < 2 + random.Next(4); i++)
            {
                text.Append("- ").Append(Aims[random.Next(Aims.Length)]).Append('\n');
            }
        }

        if (random.NextDouble() < 0.1)
        {
            text.Append("\n\nSee [this summary](").Append(Links[random.Next(Links.Length)]).Append(").");
        }

        return text.ToString();
    }
}
