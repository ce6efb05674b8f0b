"""What reader itself says, in the article's language (pure).

The opening ("By ...", "Published ..."), and the announcements of what
cannot be read aloud (tables, images, quotes, embeds, code, reference
lists), in English, German, French, Spanish, Italian, Portuguese and Dutch.
Any other language gets the English phrases. Numbers stay digits here: the
normaliser reads them in the language, and the transcript shows them as
digits. A singular is written out ("une ligne"), so it agrees in gender.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import Code, Embed
from reader.text import primary_language

__all__ = ["Phrases", "phrases_for"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrases:
    by: str
    published: str
    date: str
    """The date as the transcript shows it: ``{day}``, ``{month}``, ``{year}``."""
    ordinal_day: bool = False
    """Spoken with the day as an ordinal ("am vierten Mai")."""
    months: tuple[str, ...]
    image: str
    quote: str
    quote_from: str
    table: str
    caption: str
    rows: tuple[str, str]
    """One row, ``{n}`` rows; likewise ``columns`` and ``lines``."""
    columns: tuple[str, str]
    row: str
    cell: str = "{head}: {cell}"
    """A cell read with its column's name."""
    more_rows: str
    includes: str
    """An embed or code example "on the web page": ``{what}``."""
    video: str
    audio: str
    embedded: str
    post_from: str
    thing_from: str
    titled: str
    code_example: str
    code_in: str
    lines: tuple[str, str]
    long: str
    entries: tuple[str, str]
    """One entry, ``{n}`` entries: a list of references not read aloud."""

    def count(self, n: int, forms: tuple[str, str]) -> str:
        return forms[0] if n == 1 else forms[1].format(n=n)

    def embed_words(self, block: Embed) -> str:
        """How an embed is named: "a video from YouTube, titled ..."."""
        what = {"video": self.video, "audio": self.audio}.get(block.kind, self.embedded)
        if block.kind == "iframe" and block.provider:
            what = self.post_from.format(provider=block.provider)
        elif block.provider:
            what = self.thing_from.format(what=what, provider=block.provider)
        if block.title and block.title.lower() not in (
            f"{block.provider or ''} video".strip().lower(),
            f"{block.provider or ''} post".strip().lower(),
            "post on x",
            "instagram post",
        ):
            what = self.titled.format(what=what, title=block.title)
        return what

    def code_words(self, block: Code) -> str:
        """How a code example is named: "a code example in Python, 3 lines long"."""
        language = _LANGUAGES.get((block.language or "").lower(), block.language or "")
        what = self.code_in.format(language=language) if language else self.code_example
        if block.line_count:
            what = self.long.format(what=what, lines=self.count(block.line_count, self.lines))
        return what


_LANGUAGES = {
    "js": "JavaScript",
    "javascript": "JavaScript",
    "ts": "TypeScript",
    "typescript": "TypeScript",
    "py": "Python",
    "python": "Python",
    "sh": "shell",
    "shell": "shell",
    "bash": "shell",
    "console": "shell",
    "yml": "YAML",
    "yaml": "YAML",
    "toml": "TOML",
    "json": "JSON",
    "html": "HTML",
    "css": "CSS",
    "md": "Markdown",
    "markdown": "Markdown",
    "go": "Go",
    "rust": "Rust",
    "c": "C",
    "cpp": "C plus plus",
    "c++": "C plus plus",
    "java": "Java",
    "sql": "SQL",
}

_EN = Phrases(
    by="By {author}.",
    published="Published {date}.",
    date="{month} {day}, {year}",
    months=tuple(
        "January February March April May June July August September October November "
        "December".split()
    ),
    image="Image: {text}",
    quote="Quote:",
    quote_from="A quote from {who}:",
    table="A table{caption}, with {rows} and {columns}.",
    caption=" titled {caption}",
    rows=("1 row", "{n} rows"),
    columns=("1 column", "{n} columns"),
    row="Row {n}:",
    more_rows="The table has {n} more rows on the web page.",
    includes="This article includes {what} on the web page.",
    video="a video",
    audio="an audio clip",
    embedded="embedded content",
    post_from="a post from {provider}",
    thing_from="{what} from {provider}",
    titled="{what}, titled “{title}”,",
    code_example="a code example",
    code_in="a code example in {language}",
    lines=("1 line", "{n} lines"),
    long="{what}, {lines} long,",
    entries=("One entry, listed on the web page.", "{n} entries, listed on the web page."),
)

_DE = Phrases(
    by="Von {author}.",
    published="Veröffentlicht am {date}.",
    date="{day}. {month} {year}",
    ordinal_day=True,
    months=tuple(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
    ),
    image="Bild: {text}",
    quote="Zitat:",
    quote_from="Ein Zitat von {who}:",
    table="Eine Tabelle{caption}, mit {rows} und {columns}.",
    caption=" „{caption}“",
    rows=("einer Zeile", "{n} Zeilen"),
    columns=("einer Spalte", "{n} Spalten"),
    row="Zeile {n}:",
    more_rows="Die Tabelle hat {n} weitere Zeilen auf der Webseite.",
    includes="Dieser Artikel enthält {what} auf der Webseite.",
    video="ein Video",
    audio="einen Audioclip",
    embedded="eingebettete Inhalte",
    post_from="einen Beitrag von {provider}",
    thing_from="{what} von {provider}",
    titled="{what} mit dem Titel „{title}“,",
    code_example="ein Codebeispiel",
    code_in="ein Codebeispiel in {language}",
    lines=("eine Zeile", "{n} Zeilen"),
    long="{what}, {lines} lang,",
    entries=(
        "Ein Eintrag, auf der Webseite aufgeführt.",
        "{n} Einträge, auf der Webseite aufgeführt.",
    ),
)

_FR = Phrases(
    by="Par {author}.",
    published="Publié le {date}.",
    date="{day} {month} {year}",
    months=tuple(
        "janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre".split()
    ),
    image="Image : {text}",
    quote="Citation :",
    quote_from="Une citation de {who} :",
    table="Un tableau{caption}, avec {rows} et {columns}.",
    caption=" intitulé « {caption} »",
    rows=("une ligne", "{n} lignes"),
    columns=("une colonne", "{n} colonnes"),
    row="Ligne {n} :",
    cell="{head} : {cell}",
    more_rows="Le tableau compte {n} lignes de plus sur la page web.",
    includes="Cet article contient {what} sur la page web.",
    video="une vidéo",
    audio="un extrait audio",
    embedded="un contenu intégré",
    post_from="une publication de {provider}",
    thing_from="{what} de {provider}",
    titled="{what}, « {title} »,",
    code_example="un exemple de code",
    code_in="un exemple de code en {language}",
    lines=("une ligne", "{n} lignes"),
    long="{what}, de {lines},",
    entries=("Une entrée, sur la page web.", "{n} entrées, sur la page web."),
)

_ES = Phrases(
    by="Por {author}.",
    published="Publicado el {date}.",
    date="{day} de {month} de {year}",
    months=tuple(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
        "diciembre".split()
    ),
    image="Imagen: {text}",
    quote="Cita:",
    quote_from="Una cita de {who}:",
    table="Una tabla{caption}, con {rows} y {columns}.",
    caption=" titulada «{caption}»",
    rows=("una fila", "{n} filas"),
    columns=("una columna", "{n} columnas"),
    row="Fila {n}:",
    more_rows="La tabla tiene {n} filas más en la página web.",
    includes="Este artículo incluye {what} en la página web.",
    video="un vídeo",
    audio="un audio",
    embedded="contenido incrustado",
    post_from="una publicación de {provider}",
    thing_from="{what} de {provider}",
    titled="{what}, «{title}»,",
    code_example="un ejemplo de código",
    code_in="un ejemplo de código en {language}",
    lines=("una línea", "{n} líneas"),
    long="{what}, de {lines},",
    entries=("Una entrada, en la página web.", "{n} entradas, en la página web."),
)

_IT = Phrases(
    by="Di {author}.",
    published="Pubblicato il {date}.",
    date="{day} {month} {year}",
    months=tuple(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
        "novembre dicembre".split()
    ),
    image="Immagine: {text}",
    quote="Citazione:",
    quote_from="Una citazione di {who}:",
    table="Una tabella{caption}, con {rows} e {columns}.",
    caption=" intitolata «{caption}»",
    rows=("una riga", "{n} righe"),
    columns=("una colonna", "{n} colonne"),
    row="Riga {n}:",
    more_rows="La tabella ha altre {n} righe sulla pagina web.",
    includes="Questo articolo include {what} sulla pagina web.",
    video="un video",
    audio="un audio",
    embedded="contenuti incorporati",
    post_from="un post di {provider}",
    thing_from="{what} di {provider}",
    titled="{what}, «{title}»,",
    code_example="un esempio di codice",
    code_in="un esempio di codice in {language}",
    lines=("una riga", "{n} righe"),
    long="{what}, di {lines},",
    entries=("Una voce, sulla pagina web.", "{n} voci, sulla pagina web."),
)

_PT = Phrases(
    by="Por {author}.",
    published="Publicado em {date}.",
    date="{day} de {month} de {year}",
    months=tuple(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
        "dezembro".split()
    ),
    image="Imagem: {text}",
    quote="Citação:",
    quote_from="Uma citação de {who}:",
    table="Uma tabela{caption}, com {rows} e {columns}.",
    caption=" intitulada «{caption}»",
    rows=("uma linha", "{n} linhas"),
    columns=("uma coluna", "{n} colunas"),
    row="Linha {n}:",
    more_rows="A tabela tem mais {n} linhas na página web.",
    includes="Este artigo inclui {what} na página web.",
    video="um vídeo",
    audio="um áudio",
    embedded="conteúdo incorporado",
    post_from="uma publicação de {provider}",
    thing_from="{what} de {provider}",
    titled="{what}, «{title}»,",
    code_example="um exemplo de código",
    code_in="um exemplo de código em {language}",
    lines=("uma linha", "{n} linhas"),
    long="{what}, de {lines},",
    entries=("Uma entrada, na página web.", "{n} entradas, na página web."),
)

_NL = Phrases(
    by="Door {author}.",
    published="Gepubliceerd op {date}.",
    date="{day} {month} {year}",
    months=tuple(
        "januari februari maart april mei juni juli augustus september oktober november "
        "december".split()
    ),
    image="Afbeelding: {text}",
    quote="Citaat:",
    quote_from="Een citaat van {who}:",
    table="Een tabel{caption}, met {rows} en {columns}.",
    caption=" getiteld „{caption}”",
    rows=("één rij", "{n} rijen"),
    columns=("één kolom", "{n} kolommen"),
    row="Rij {n}:",
    more_rows="De tabel heeft nog {n} rijen op de webpagina.",
    includes="Dit artikel bevat {what} op de webpagina.",
    video="een video",
    audio="een audiofragment",
    embedded="ingesloten inhoud",
    post_from="een bericht van {provider}",
    thing_from="{what} van {provider}",
    titled="{what}, „{title}”,",
    code_example="een codevoorbeeld",
    code_in="een codevoorbeeld in {language}",
    lines=("één regel", "{n} regels"),
    long="{what}, {lines} lang,",
    entries=("Eén vermelding, op de webpagina.", "{n} vermeldingen, op de webpagina."),
)

_BY_LANGUAGE = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "it": _IT, "pt": _PT, "nl": _NL}


def phrases_for(language: str) -> Phrases:
    """The phrases for a BCP 47 ``language`` ("de-AT" gets German); English otherwise."""
    return _BY_LANGUAGE.get(primary_language(language), _EN)
