import type { FeedbackTexts } from './password-strength';

/**
 * zxcvbn's feedback in Swedish (zxcvbn-ts has no Swedish language pack): the
 * keys of `@zxcvbn-ts/language-en`'s warnings and suggestions. Only the
 * password meter shows them; `userInputs` is the catalogue's
 * (`password.userInputs`), and `pwned` never comes (no breach check).
 */
export const translations: FeedbackTexts = {
  warnings: {
    straightRow: 'Raka rader av tangenter på tangentbordet är lätta att gissa.',
    keyPattern: 'Korta tangentbordsmönster är lätta att gissa.',
    simpleRepeat: 'Upprepade tecken som "aaa" är lätta att gissa.',
    extendedRepeat: 'Upprepade teckenmönster som "abcabcabc" är lätta att gissa.',
    sequences: 'Vanliga teckenföljder som "abc" är lätta att gissa.',
    recentYears: 'Årtal från senare år är lätta att gissa.',
    dates: 'Datum är lätta att gissa.',
    topTen: 'Det här är ett av de allra vanligaste lösenorden.',
    topHundred: 'Det här är ett mycket vanligt lösenord.',
    common: 'Det här är ett vanligt lösenord.',
    similarToCommon: 'Det här liknar ett vanligt lösenord.',
    wordByItself: 'Enstaka ord är lätta att gissa.',
    namesByThemselves: 'Enstaka för- eller efternamn är lätta att gissa.',
    commonNames: 'Vanliga för- och efternamn är lätta att gissa.',
  },
  suggestions: {
    l33t: 'Undvik förutsägbara teckenbyten som "@" i stället för "a".',
    reverseWords: 'Undvik vanliga ord stavade baklänges.',
    allUppercase: 'Skriv några, men inte alla, bokstäver med versaler.',
    capitalization: 'Skriv fler än den första bokstaven med versal.',
    dates: 'Undvik datum och årtal som hör ihop med dig.',
    recentYears: 'Undvik årtal från senare år.',
    associatedYears: 'Undvik årtal som hör ihop med dig.',
    sequences: 'Undvik vanliga teckenföljder.',
    repeated: 'Undvik upprepade ord och tecken.',
    longerKeyboardPattern: 'Använd längre tangentbordsmönster och byt skrivriktning flera gånger.',
    anotherWord: 'Lägg till fler ord som är mindre vanliga.',
    useWords: 'Använd flera ord, men undvik vanliga fraser.',
    noNeed: 'Du kan skapa starka lösenord utan symboler, siffror eller versaler.',
  },
};
