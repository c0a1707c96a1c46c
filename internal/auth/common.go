package auth

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// commonPasswords is the list of frequent passwords refused whatever their classes: 49,233
// passwords, most frequent first, lowercased, from @zxcvbn-ts/language-common 4.1.3 (MIT; source,
// licence and how to rebuild it in PASSWORDS-LICENCE.md). Never edit it by hand:
// scripts/refresh-passwords.sh derives it.
//
//go:embed common-passwords.txt
var commonPasswords string

// localCommon are passwords frequent in China that the list above lacks, and the ones 等保
// assessors try first.
var localCommon = []string{
	"woaini1314", "woaini520", "woaini", "huawei@123", "huawei", "admin@2023", "admin@123", "admin123456",
	"qwer1234", "aa123456", "a1234567", "1qaz@wsx", "1q2w3e4r", "q1w2e3r4", "zaq12wsx", "changeme",
	"root1234", "test1234", "p@ssw0rd", "p@ssword", "passw0rd", "abc@123", "asdf1234", "zxcv1234",
}

var common = sync.OnceValue(func() []string {
	list := strings.Split(strings.TrimSpace(commonPasswords), "\n")
	list = append(list, localCommon...)
	slices.Sort(list)
	return slices.Compact(list)
})

// CommonPasswords is how many passwords Common knows.
func CommonPasswords() int { return len(common()) }

// Common reports whether password is a frequent one: the list holds it, case-insensitively, as
// it is or once the digits and symbols it ends with are stripped ("Password1!" is "password").
func Common(password string) bool {
	lower := strings.ToLower(password)
	if inCommon(lower) {
		return true
	}
	base := strings.TrimRightFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	return base != "" && base != lower && inCommon(base)
}

func inCommon(p string) bool {
	_, ok := slices.BinarySearch(common(), p)
	return ok
}
