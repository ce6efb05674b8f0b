"""Language codes as ID3 wants them: ISO 639-2, three letters (``eng``, not ``en``).

ID3v2.4 ``TLAN`` and the language of ``COMM`` take ISO 639-2 codes; articles
give BCP 47 tags (``en``, ``de-AT``). The two-letter ISO 639-1 codes map to
ISO 639-2/T, which is also what BCP 47 and ISO 639-3 use for three-letter
languages (``deu`` rather than the bibliographic ``ger``).
"""

from __future__ import annotations

from reader.text import primary_language

__all__ = ["iso639_2"]

_ISO639_1_TO_2 = dict(
    pair.split(":")
    for pair in (
        "aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava ay:aym az:aze "
        "ba:bak be:bel bg:bul bi:bis bm:bam bn:ben bo:bod br:bre bs:bos ca:cat ce:che ch:cha "
        "co:cos cr:cre cs:ces cu:chu cv:chv cy:cym da:dan de:deu dv:div dz:dzo ee:ewe el:ell "
        "en:eng eo:epo es:spa et:est eu:eus fa:fas ff:ful fi:fin fj:fij fo:fao fr:fra fy:fry "
        "ga:gle gd:gla gl:glg gn:grn gu:guj gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv ht:hat "
        "hu:hun hy:hye hz:her ia:ina id:ind ie:ile ig:ibo ii:iii ik:ipk io:ido is:isl it:ita "
        "iu:iku ja:jpn jv:jav ka:kat kg:kon ki:kik kj:kua kk:kaz kl:kal km:khm kn:kan ko:kor "
        "kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir la:lat lb:ltz lg:lug li:lim ln:lin lo:lao "
        "lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mri mk:mkd ml:mal mn:mon mr:mar ms:msa mt:mlt "
        "my:mya na:nau nb:nob nd:nde ne:nep ng:ndo nl:nld nn:nno no:nor nr:nbl nv:nav ny:nya "
        "oc:oci oj:oji om:orm or:ori os:oss pa:pan pi:pli pl:pol ps:pus pt:por qu:que rm:roh "
        "rn:run ro:ron ru:rus rw:kin sa:san sc:srd sd:snd se:sme sg:sag sh:hbs si:sin sk:slk "
        "sl:slv sm:smo sn:sna so:som sq:sqi sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ta:tam "
        "te:tel tg:tgk th:tha ti:tir tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi "
        "ty:tah ug:uig uk:ukr ur:urd uz:uzb ve:ven vi:vie vo:vol wa:wln wo:wol xh:xho yi:yid "
        "yo:yor za:zha zh:zho zu:zul"
    ).split()
)


def iso639_2(tag: str | None) -> str | None:
    """The ISO 639-2 code of a BCP 47 tag's language (``de-AT`` -> ``deu``); None when
    there is no tag or its language has no such code."""
    if not tag:
        return None
    primary = primary_language(tag)
    if len(primary) == 3 and primary.isascii() and primary.isalpha():
        return primary
    return _ISO639_1_TO_2.get(primary)
