package offline

import (
	"fmt"
	"testing"
)

func TestZZ(t *testing.T) {
	for _, s := range []string{
		"Zoo veterinarian Dr Priya Nandakumar darted the bear from the side fence shortly after 10am, and he was carried to a waiting trailer.",
		"The bear was sedated by the zoo's veterinarian, Dr Priya Nandakumar, and returned to the zoo by mid-morning.",
		"He was darted by a State Wildlife Service officer who had been called in from the regional office, and then carried back to the zoo.",
		"The deal was brokered by Brevonia, whose foreign minister, Teodor Vass, shuttled between Lindhaven and Vostra.",
		"The Sultanate of Zahiran mediated the talks, which lasted eight months, Dalvian Foreign Minister Anders Holm said.",
		"The talks were mediated by the Sultanate of Zahiran, which has good relations with both governments.",
		"A petition, started by pharmacist Moira Tulloch and now signed by more than 1,200 people, will be handed to staff.",
		"A petition launched by Kelderby Town Council gathered over twelve hundred signatures, but failed to change the bank's mind.",
		"It was first reported by a highway maintenance crew clearing a culvert nearby, who radioed for help.",
		"The alarm was raised by a long-haul truck driver, Ravi Sandhu, who had pulled into the rest area to sleep.",
	} {
		fmt.Printf("%q\n  %+v\n", s[:50], readActs(0, scanTokens(s), map[string]bool{}))
	}
}
