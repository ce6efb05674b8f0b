"""Read a talking book back the way a reading system does: the package, the
media overlays in spine order, the text they point at, the nav's heading tree."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "smil": "http://www.w3.org/ns/SMIL",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}


@dataclass(frozen=True)
class Par:
    text: str
    """The text of the element the par points at."""
    begin_ms: int
    end_ms: int
    audio: str


def clock_ms(value: str) -> int:
    h, m, s = value.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def vtt_cues(path: Path) -> list[tuple[int, int, str]]:
    """``(start_ms, end_ms, text)`` of each cue of a WebVTT file, voice tags removed."""
    cues = []
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = block.strip().splitlines()
        start, end = lines[1].split(" --> ")
        text = re.sub(r"</?v[^>]*>", "", " ".join(lines[2:]))
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        cues.append((_vtt_ms(start), _vtt_ms(end), text))
    return cues


def _vtt_ms(value: str) -> int:
    h, m, s = value.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


class Epub:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.base = PurePosixPath(self.opf_path).parent

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def meta(self, prop: str) -> list[str]:
        return [
            m.text or ""
            for m in self.opf.xpath(
                "//opf:meta[@property=$p][not(@refines)]", namespaces=NS, p=prop
            )
        ]

    def items(self) -> dict[str, etree._Element]:
        return {i.get("id"): i for i in self.opf.xpath("//opf:item", namespaces=NS)}

    def path(self, item: etree._Element) -> str:
        return str(self.base / item.get("href"))

    def spine(self) -> list[etree._Element]:
        items = self.items()
        return [items[r.get("idref")] for r in self.opf.xpath("//opf:itemref", namespaces=NS)]

    def pars(self) -> list[Par]:
        """Every par of every overlay, in spine order, with the text it points at."""
        items = self.items()
        out = []
        for page in self.spine():
            if page.get("media-overlay") is None:
                continue
            smil_path = self.path(items[page.get("media-overlay")])
            smil = self.xml(smil_path)
            for par in smil.xpath("//smil:par", namespaces=NS):
                text = par.find("smil:text", NS)
                audio = par.find("smil:audio", NS)
                src, fragment = text.get("src").split("#")
                doc = self.xml(str(PurePosixPath(smil_path).parent / src))
                [element] = doc.xpath("//*[@id=$id]", id=fragment)
                out.append(
                    Par(
                        text=" ".join("".join(element.itertext()).split()),
                        begin_ms=clock_ms(audio.get("clipBegin")),
                        end_ms=clock_ms(audio.get("clipEnd")),
                        audio=posixpath.normpath(
                            str(PurePosixPath(smil_path).parent / audio.get("src"))
                        ),
                    )
                )
        return out

    def toc(self) -> list[tuple[int, str]]:
        """``(depth, label)`` of each entry of the nav's toc, depth 1 at the top."""
        [nav_item] = [i for i in self.items().values() if "nav" in (i.get("properties") or "")]
        nav = self.xml(self.path(nav_item))
        [toc] = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
        return [
            (len(a.xpath("ancestor::x:ol", namespaces=NS)), "".join(a.itertext()))
            for a in toc.xpath(".//x:a", namespaces=NS)
        ]
