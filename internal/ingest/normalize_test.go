package ingest

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only white space", " \t\r\n\n  \n", ""},
		{"BOM", "\uFEFFThe ferry left at noon.", "The ferry left at noon."},
		{"CRLF and CR", "One line.\r\nTwo line.\rThree line.", "One line.\n\nTwo line.\n\nThree line."},
		{"NFC", "Caf\u0065\u0301 owners met.", "Caf\u00e9 owners met."},
		{"fold spaces and tabs", "  The\t\tvote   was   close.  ", "The vote was close."},
		{"non-breaking and zero-width spaces", "Ten\u00a0votes\u200b were\u2003cast.", "Ten votes were cast."},
		{"control characters", "The\x1b[31m vote\x07 passed.", "The [31m vote passed."},
		{"paragraphs keep one blank line", "First para.\n\n\n\n\nSecond para.", "First para.\n\nSecond para."},
		{"sentence per line becomes paragraphs", "The mayor spoke.\nThe crowd cheered.", "The mayor spoke.\n\nThe crowd cheered."},
		{
			"hard wrap before a capital",
			"Talks resumed on Monday after a call between the mayor and the harbour master,\nCaptain Ilse Moreau.",
			"Talks resumed on Monday after a call between the mayor and the harbour master, Captain Ilse Moreau.",
		},
		{
			"hard wrap before lower case",
			"The bridge\nwas closed.",
			"The bridge was closed.",
		},
		{
			"short heading is not joined",
			"Key facts\nThe bridge carries 9,000 cars a day.",
			"Key facts\n\nThe bridge carries 9,000 cars a day.",
		},
		{
			"closing quote ends a sentence",
			"He said: \"We are ready.\"\nThe council agreed.",
			"He said: \"We are ready.\"\n\nThe council agreed.",
		},
		{
			"list items stay apart",
			"Closures this week include the following roads\n- Elm Street\n- Mill Lane",
			"Closures this week include the following roads\n\n- Elm Street\n\n- Mill Lane",
		},
		{
			"markdown heading stays apart",
			"## Background of the long dispute over the harbour\nThe dispute began in 2019.",
			"## Background of the long dispute over the harbour\n\nThe dispute began in 2019.",
		},
		{
			"furniture lines dropped",
			"Connect with us\n\nNews\n\nPublished\n\non\n\nBy\n\nThe ferry was late.\n\nShare\nTweet\n1x\n12 Comments\n0 shares\nAdvertisement\nRead more\nComments (4)\n3 min read\n\nPassengers waited an hour.",
			"The ferry was late.\n\nPassengers waited an hour.",
		},
		{
			"a time stamp on its own line opens its update",
			"09:47\nCoastguard: visibility down to 50 metres\nThe duty controller said fog was thick.\n09:02\n\nAmbulance service: 12 taken to hospital",
			"09:47 Coastguard: visibility down to 50 metres\n\nThe duty controller said fog was thick.\n\n09:02 Ambulance service: 12 taken to hospital",
		},
		{
			"teasers and captions dropped",
			"The ferry was late.\n\nRelated: How to prepare your home for bushfire season\n\nSign up for our morning newsletter\n\n" +
				"Listen to this article · 6 min\n\nThe remains of the church on Sunday morning. Picture: Ridge Chronicle\n\n" +
				"Protesters gather outside the court on Monday. (Photo: Jan Morel / Agency)\n\n" +
				"Photo: St Aldhelm's University Hospital, where staff have been using paper records since Saturday\n\nPassengers waited an hour.",
			"The ferry was late.\n\nPassengers waited an hour.",
		},
		{
			"sentences about photos and newsletters kept",
			"Police released a photo: it shows the driver.\n\nThe council said its newsletter would carry the plan.\n\nRelated charges were dropped on Monday.",
			"Police released a photo: it shows the driver.\n\nThe council said its newsletter would carry the plan.\n\nRelated charges were dropped on Monday.",
		},
		{
			"furniture words inside sentences kept",
			"Published reports say the ferry was late.\n\nNews of the delay spread fast.\n\nShare prices fell.",
			"Published reports say the ferry was late.\n\nNews of the delay spread fast.\n\nShare prices fell.",
		},
		{
			"trailing source line removed",
			"The ferry was late.\n\nOriginal Source: www.example.org\n",
			"The ferry was late.",
		},
		{
			"source line in the middle kept",
			"Source: the harbour office.\n\nThe ferry was late.",
			"Source: the harbour office.\n\nThe ferry was late.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize is not idempotent:\n once  %q\n twice %q", got, again)
			}
		})
	}
}

func TestNormalizeFindsSourceAndTitle(t *testing.T) {
	tests := []struct {
		name, in        string
		title, source   string
		textHasTitleTop bool
	}{
		{"short first line", "Ferry delayed by fog\nThe morning ferry left an hour late.\nSource: Harbour Herald", "Ferry delayed by fog", "Harbour Herald", true},
		{"first line with full stop", "Ferry delayed by fog.\n\nThe morning ferry left late.", "Ferry delayed by fog.", "", true},
		{"markdown heading", "# Ferry delayed\n\nThe ferry left late.", "Ferry delayed", "", true},
		{"furniture before title", "Connect with us\n\nFerry delayed by fog\n\nThe ferry left late.", "Ferry delayed by fog", "", true},
		{"long first line", strings.Repeat("word ", 25) + "end.\nMore.", "", "", false},
		{"wrapped first line", "The morning ferry\nleft an hour late.", "", "", false},
		{"stacked attributions", "The ferry left late.\nSource: Old Name\nOriginal Source: New Name", "The ferry left late.", "New Name", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := normalize(tt.in, true)
			if n.title != tt.title {
				t.Errorf("title = %q, want %q", n.title, tt.title)
			}
			if n.source != tt.source {
				t.Errorf("source = %q, want %q", n.source, tt.source)
			}
			if tt.textHasTitleTop {
				first, _, _ := strings.Cut(n.text, "\n\n")
				if !strings.HasSuffix(first, tt.title) {
					t.Errorf("title is not its own first paragraph: %q", n.text)
				}
			}
			if strings.Contains(n.text, "Source:") {
				t.Errorf("attribution line left in text: %q", n.text)
			}
		})
	}
}

func TestIsFurnitureIsConservative(t *testing.T) {
	for _, line := range []string{
		"On Monday the council met.", "By noon the road was open.", "1x2 metre panels were fitted.",
		"12 comments were received during the consultation period.", "Updated figures show a rise.",
		"Read more about the plan in the council's report.",
	} {
		if isFurniture(line) {
			t.Errorf("isFurniture(%q) = true, want false", line)
		}
	}
	for _, line := range []string{"Published", "UPDATED:", "on", "Connect with us", "1x", "2.5K shares", "Comments: 31", "Read more"} {
		if !isFurniture(line) {
			t.Errorf("isFurniture(%q) = false, want true", line)
		}
	}
}
