"""Generate Vale Verde (SP), the fictional teaching city every lesson and app uses.

Vale Verde is a made-up municipality of about 220,000 inhabitants in 16 districts, placed around
lat -22.55, lon -47.90 with the fictional IBGE code ``3599907``. Learners practise on it because real
municipal data either lacks the teaching signal we need (a planted anomaly, a clear inequality) or
identifies real people. Everything this module writes is synthetic and says so, except two small
reference tables that are real and cite their sources (``ipca``, ``foi_laws``).

Reproducibility
---------------
``generate(out_dir, seed)`` writes the same bytes on every machine, Python and numpy version, because
a test compares a fresh run with the committed files byte for byte:

- the only source of randomness is ``random.Random(n).random()``, whose sequence for an integer seed
  is guaranteed stable; integers, normals, choices and shuffles are derived here (:class:`_Rand`),
  never taken from ``random``'s other methods (their algorithms have changed between versions);
- the normal draws use the Irwin-Hall sum of twelve uniforms and the geometry uses no trigonometry,
  so only correctly rounded IEEE operations (+, -, *, /, sqrt) touch the numbers;
- every number is written with an explicit fixed format, money is integer cents, files are written
  with explicit encodings and line endings, JSON keys are sorted, and no timestamp is written.

Each dataset draws from its own stream (seeded from ``seed`` and the dataset's name), so changing one
dataset's recipe does not reshuffle the others.

Planted findings (for instructors; the descriptor describes them without naming names)
--------------------------------------------------------------------------------------
``contracts``
    1. *Concentration*: "MedNova Distribuidora Hospitalar Ltda" holds more than half of the value
       the Secretaria Municipal de Saúde contracted in 2022-2024; no other supplier comes close in
       any agency.
    2. *Split purchases*: four clusters of 3-5 ``dispensa`` contracts, each to one supplier and one
       agency within 30 days, every value just under R$ 50.000,00 -- the limit of Lei 14.133/2021
       art. 75 II for "outros serviços e compras" [secondary: conlicitacao.com.br quotes the article].
       The federal government updates the value every 1 January (art. 182): R$ 57.208,33 from
       1-Jan-2023 [secondary: licitacao.com.br, decree of 29-Dec-2022]; Decreto 11.871/2023 set the
       2024 value and was revoked by Decreto 12.343/2024, which set R$ 62.725,59 for 2025
       [secondary: licitacao.com.br copy of Decreto 12.343]. Values just under R$ 50.000 stay under
       every one of those limits, so the clusters are suspicious whichever year's value a learner uses.
    3. *Placeholder row*: supplier "A DEFINIR", CNPJ "00000000000000", value 9999999.99 and all dates
       1900-01-01, the default values a careless system leaves behind.

``foi_requests``
    About 15 % of requests are late against Lei 12.527/2011 art. 11 §§1-2 (20 days, +10 with a
    justified extension) [verified], and Obras, Saúde and Mobilidade are much worse than the rest.

``facilities``
    The poor south-western periphery (districts 12-15) has far fewer health units, schools and
    CRAS per inhabitant than the centre and the wealthy north-east.

``pb_ballots``
    District 03 (Vila Operária) turned out in force and approved its own slate, so greedy-by-votes
    funds its projects while the Method of Equal Shares spreads the budget across districts.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "AS_OF",
    "CITY",
    "DEFAULT_SEED",
    "PB_BUDGET_BRL",
    "RESOURCE_TEXTS",
    "generate",
]

#: Seed of the committed files (the date the city was founded in the project's history).
DEFAULT_SEED = 20261127
#: "Today" for every status in the data (pending requests, stale catalogue entries).
AS_OF = dt.date(2024, 12, 31)
#: The city every synthetic resource describes.
CITY: Mapping[str, Any] = {
    "name": "Vale Verde",
    "state": "SP",
    "ibge_code": "3599907",
    "synthetic": True,
    "center_lat": -22.55,
    "center_lon": -47.90,
}
#: Money the 2024 participatory budget distributes, in reais.
PB_BUDGET_BRL = 12_000_000

# Degrees to kilometres near lat -22.55: 110.574 km per degree of latitude and
# 111.320 * cos(22.55°) km per degree of longitude, written out so no trigonometry runs here.
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON = 102.809055

_SYNTHETIC_SOURCE = {
    "title": "civic-kit synthetic data generator (civic_kit/data/generate.py, seed 20261127)",
    "path": "https://github.com/civic-kit/civic-kit/blob/main/civic_kit/data/generate.py",
}
_CC_BY = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# --------------------------------------------------------------------------------------------------
# Texts shown to users: (pt-BR, es, en). The descriptor uses the English text; the same tuples are
# the ``datasets.<name>.title`` / ``.description`` messages (see ``_sync_messages``).
# --------------------------------------------------------------------------------------------------

RESOURCE_TEXTS: Mapping[str, Mapping[str, tuple[str, str, str]]] = {
    "package": {
        "title": (
            "Vale Verde (SP): dados da cidade-escola",
            "Vale Verde (SP): datos de la ciudad-escuela",
            "Vale Verde (SP): teaching-city datasets",
        ),
        "description": (
            "Dados sintéticos, em sua maior parte, das lições e aplicativos do civic-kit. Vale Verde (SP, "
            "código IBGE fictício 3599907) é um município inventado de cerca de 220 mil habitantes em 16 "
            "bairros: todo recurso marcado como sintético foi gerado por civic_kit/data/generate.py e não "
            "descreve nenhum lugar ou pessoa real. Dois recursos são dados reais de referência: ipca e "
            "foi_laws.",
            "Datos sintéticos, en su mayoría, de las lecciones y aplicaciones de civic-kit. Vale Verde (SP, "
            "código IBGE ficticio 3599907) es un municipio inventado de unos 220 mil habitantes en 16 "
            "barrios: todo recurso marcado como sintético fue generado por civic_kit/data/generate.py y no "
            "describe ningún lugar ni persona real. Dos recursos son datos reales de referencia: ipca y "
            "foi_laws.",
            "Synthetic data, for the most part, behind civic-kit's lessons and apps. Vale Verde (SP, "
            "fictional IBGE code 3599907) is an invented municipality of about 220,000 inhabitants in 16 "
            "districts: every resource marked synthetic was generated by civic_kit/data/generate.py and "
            "describes no real place or person. Two resources are real reference data: ipca and foi_laws.",
        ),
    },
    "districts": {
        "title": ("Bairros de Vale Verde", "Barrios de Vale Verde", "Vale Verde districts"),
        "description": (
            "Dados sintéticos da cidade-escola fictícia de Vale Verde (SP): os 16 bairros com população, "
            "área, domicílios, renda domiciliar média mensal e estrutura etária. Os bairros centrais são "
            "pequenos e densos; os da periferia são maiores e mais pobres. As mesmas informações estão no "
            "mapa districts.geojson.",
            "Datos sintéticos de la ciudad-escuela ficticia de Vale Verde (SP): los 16 barrios con "
            "población, superficie, hogares, ingreso medio mensual por hogar y estructura por edades. Los "
            "barrios centrales son pequeños y densos; los de la periferia, más grandes y más pobres. Los "
            "mismos datos están en el mapa districts.geojson.",
            "Synthetic data for the fictional teaching city of Vale Verde (SP): the 16 districts with "
            "population, area, households, average monthly household income and age structure. Central "
            "districts are small and dense; peripheral ones are larger and poorer. The same properties "
            "are in the map districts.geojson.",
        ),
    },
    "districts_geojson": {
        "title": ("Mapa dos bairros de Vale Verde", "Mapa de los barrios de Vale Verde", "Vale Verde district map"),
        "description": (
            "Dados sintéticos: os limites dos bairros de Vale Verde (SP) em GeoJSON, um polígono por bairro "
            "em longitude/latitude WGS84. Bairros vizinhos compartilham a mesma divisa, sem buracos nem "
            "sobreposições. Cada polígono traz as colunas de districts.csv.",
            "Datos sintéticos: los límites de los barrios de Vale Verde (SP) en GeoJSON, un polígono por "
            "barrio en longitud/latitud WGS84. Los barrios vecinos comparten exactamente el mismo límite, "
            "sin huecos ni superposiciones. Cada polígono lleva las columnas de districts.csv.",
            "Synthetic data: the district boundaries of Vale Verde (SP) as GeoJSON, one polygon per "
            "district in WGS84 longitude/latitude. Neighbouring districts share exactly the same border, "
            "with no gaps or overlaps. Each polygon carries the columns of districts.csv.",
        ),
    },
    "population_grid": {
        "title": ("Grade de população (200 m)", "Grilla de población (200 m)", "Population grid (200 m)"),
        "description": (
            "Dados sintéticos: Vale Verde dividida em quadrados de 200 m × 200 m, com o centro de cada "
            "quadrado, o bairro, a população residente e a renda domiciliar média mensal. A soma dos "
            "quadrados dá exatamente a população de cada bairro. Quadrados sem moradores (parques, área "
            "industrial) ficam sem renda.",
            "Datos sintéticos: Vale Verde dividida en cuadrados de 200 m × 200 m, con el centro de cada "
            "cuadrado, el barrio, la población residente y el ingreso medio mensual por hogar. La suma de "
            "los cuadrados da exactamente la población de cada barrio. Los cuadrados sin habitantes "
            "(parques, zona industrial) no tienen ingreso.",
            "Synthetic data: Vale Verde split into 200 m × 200 m cells with each cell's centre, district, "
            "resident population and average monthly household income. Cells add up exactly to each "
            "district's population. Cells with no residents (parks, industrial land) have no income.",
        ),
    },
    "facilities": {
        "title": ("Equipamentos públicos", "Equipamientos públicos", "Public facilities"),
        "description": (
            "Dados sintéticos: unidades básicas de saúde (UBS), escolas municipais e centros de referência "
            "de assistência social (CRAS) de Vale Verde, com localização, bairro, capacidade e ano de "
            "abertura. Os bairros pobres da periferia foram deixados, de propósito, com menos serviços, "
            "para que as análises de acesso tenham o que encontrar.",
            "Datos sintéticos: unidades básicas de salud (UBS), escuelas municipales y centros de "
            "referencia de asistencia social (CRAS) de Vale Verde, con ubicación, barrio, capacidad y año "
            "de apertura. Los barrios pobres de la periferia tienen, a propósito, menos servicios, para "
            "que los análisis de acceso tengan algo que encontrar.",
            "Synthetic data: Vale Verde's basic health units (UBS), municipal schools and social "
            "assistance centres (CRAS) with location, district, capacity and opening year. Poor peripheral "
            "districts are deliberately under-served, so access analyses have something to find.",
        ),
    },
    "budget_execution": {
        "title": (
            "Execução orçamentária da despesa 2022–2024",
            "Ejecución presupuestaria del gasto 2022–2024",
            "Budget execution (expenditure) 2022–2024",
        ),
        "description": (
            "Dados sintéticos: a despesa de Vale Verde por linha do orçamento em 2022, 2023 e 2024, na "
            "classificação brasileira (órgão, função, subfunção, programa, ação e natureza da despesa), com "
            "dotação inicial e atualizada e os valores empenhados, liquidados e pagos em 31 de dezembro. "
            "Versão limpa: UTF-8, separada por vírgulas, datas ISO e ponto decimal. Funções e subfunções "
            "seguem a Portaria 42/1999; naturezas, a Portaria Interministerial 163/2001.",
            "Datos sintéticos: el gasto de Vale Verde por línea del presupuesto en 2022, 2023 y 2024, en la "
            "clasificación brasileña (órgano, función, subfunción, programa, acción y naturaleza del gasto), "
            "con la asignación inicial y la actualizada y los montos comprometidos (empenhado), devengados "
            "(liquidado) y pagados (pago) al 31 de diciembre. Versión limpia: UTF-8, separada por comas, "
            "fechas ISO y punto decimal. Funciones y subfunciones según la Portaria 42/1999; naturalezas, "
            "según la Portaria Interministerial 163/2001.",
            "Synthetic data: Vale Verde's expenditure per budget line in 2022, 2023 and 2024 in the "
            "Brazilian classification (órgão, função, subfunção, programa, ação and natureza da despesa), "
            "with the initial and updated appropriations and the committed (empenhado), accrued "
            "(liquidado) and paid (pago) amounts on 31 December. Clean version: UTF-8, comma-separated, "
            "ISO dates and dot decimals. Função and subfunção codes follow Portaria 42/1999; natureza "
            "codes follow Portaria Interministerial 163/2001.",
        ),
    },
    "budget_execution_raw": {
        "title": (
            "Execução orçamentária: arquivo bruto do portal",
            "Ejecución presupuestaria: archivo bruto del portal",
            "Budget execution: raw portal export",
        ),
        "description": (
            "Dados sintéticos: as mesmas linhas de budget_execution, do jeito que o portal da transparência "
            "exporta: codificação Windows-1252, separador ponto e vírgula, uma linha de título acima do "
            "cabeçalho, nomes de colunas em português, milhar com ponto e decimal com vírgula "
            "(1.234.567,89), datas dd/mm/aaaa, fim de linha CRLF e um ponto e vírgula sobrando no fim de "
            "cada linha. Serve para praticar a leitura de arquivos reais de portais.",
            "Datos sintéticos: las mismas filas de budget_execution, tal como las exporta el portal de "
            "transparencia: codificación Windows-1252, separador punto y coma, una línea de título sobre "
            "el encabezado, nombres de columnas en portugués, miles con punto y decimales con coma "
            "(1.234.567,89), fechas dd/mm/aaaa, fin de línea CRLF y un punto y coma de más al final de "
            "cada línea. Sirve para practicar la lectura de archivos reales de portales.",
            "Synthetic data: the same rows as budget_execution, as the transparency portal exports them: "
            "Windows-1252 encoding, semicolon separator, a title line above the header, Portuguese column "
            "labels, thousands dots and decimal commas (1.234.567,89), dd/mm/yyyy dates, CRLF line endings "
            "and a trailing semicolon on every line. Use it to practise reading real portal files.",
        ),
    },
    "budget_portal_totals": {
        "title": (
            "Totais anuais mostrados no portal",
            "Totales anuales que muestra el portal",
            "Yearly totals shown on the portal",
        ),
        "description": (
            "Dados sintéticos: os totais de cada ano nas cinco etapas da despesa, como o portal da "
            "transparência de Vale Verde mostra na tela, para conferir se as somas de budget_execution "
            "batem.",
            "Datos sintéticos: los totales de cada año en las cinco etapas del gasto, tal como los muestra "
            "el portal de transparencia de Vale Verde, para comprobar que las sumas de budget_execution "
            "coinciden.",
            "Synthetic data: each year's totals of the five expenditure stages as Vale Verde's "
            "transparency portal shows them, so learners can check that their sums of budget_execution "
            "match.",
        ),
    },
    "ipca": {
        "title": ("IPCA: inflação anual (IBGE)", "IPCA: inflación anual (IBGE)", "IPCA: annual inflation (IBGE)"),
        "description": (
            "Dados reais (não sintéticos): variação anual do IPCA, o índice oficial de inflação do Brasil, "
            "publicado pelo IBGE (Sistema Nacional de Índices de Preços ao Consumidor), de 2021 a 2024. "
            "Serve para comparar orçamentos de anos diferentes em valores corrigidos.",
            "Datos reales (no sintéticos): variación anual del IPCA, el índice oficial de inflación de "
            "Brasil, publicado por el IBGE (Sistema Nacional de Índices de Precios al Consumidor), de 2021 "
            "a 2024. Sirve para comparar presupuestos de años distintos a precios constantes.",
            "Real data (not synthetic): annual change of the IPCA, Brazil's official consumer price index, "
            "published by IBGE (Sistema Nacional de Índices de Preços ao Consumidor), 2021 to 2024. Use it "
            "to compare budgets of different years at constant prices.",
        ),
    },
    "contracts": {
        "title": (
            "Contratos da prefeitura 2022–2024",
            "Contratos de la municipalidad 2022–2024",
            "City contracts 2022–2024",
        ),
        "description": (
            "Dados sintéticos: cerca de 500 contratos assinados pelos órgãos de Vale Verde entre 2022 e "
            "2024, com fornecedor, CNPJ (dígitos verificadores válidos), objeto, valor, modalidade e datas. "
            "Há achados plantados para exercícios de investigação: (1) um fornecedor concentra grande parte "
            "do valor contratado por um órgão; (2) quatro grupos de contratos por dispensa para o mesmo "
            "fornecedor e o mesmo órgão em cerca de 30 dias, cada um logo abaixo de R$ 50.000, o limite do "
            "art. 75, II, da Lei 14.133/2021 (possível fracionamento de despesa); (3) uma linha de "
            'preenchimento provisório (fornecedor "A DEFINIR", CNPJ 00000000000000, valor 9.999.999,99, '
            "assinado em 01/01/1900) que uma checagem de qualidade deve encontrar. A modalidade tomada de "
            "preços (Lei 8.666/1993) só aparece antes de 2024.",
            "Datos sintéticos: unos 500 contratos firmados por los órganos de Vale Verde entre 2022 y 2024, "
            "con proveedor, CNPJ (dígitos verificadores válidos), objeto, monto, modalidad y fechas. Hay "
            "hallazgos sembrados para ejercicios de investigación: (1) un proveedor concentra gran parte "
            "del monto contratado por un órgano; (2) cuatro grupos de contratos por adjudicación directa "
            "(dispensa) al mismo proveedor y órgano en unos 30 días, cada uno justo por debajo de R$ "
            "50.000, el límite del art. 75, II, de la Lei 14.133/2021 (posible fraccionamiento del gasto); "
            '(3) una fila de relleno provisorio (proveedor "A DEFINIR", CNPJ 00000000000000, monto '
            "9.999.999,99, firmado el 01/01/1900) que un control de calidad debe detectar. La modalidad "
            "tomada de preços (Lei 8.666/1993) solo aparece antes de 2024.",
            "Synthetic data: about 500 contracts signed by Vale Verde's agencies in 2022–2024, with "
            "supplier, CNPJ (valid check digits), object, value, procurement modality and dates. Findings "
            "are planted for investigation exercises: (1) one supplier holds a large share of one agency's "
            "contracted value; (2) four clusters of direct-award (dispensa) contracts to the same supplier "
            "and agency within about 30 days, each just under R$ 50,000, the limit of Lei 14.133/2021 art. "
            '75 II (possible split purchases); (3) one placeholder row (supplier "A DEFINIR", CNPJ '
            "00000000000000, value 9,999,999.99, signed 1900-01-01) that a quality check should catch. The "
            "tomada de preços modality (Lei 8.666/1993) appears only before 2024.",
        ),
    },
    "foi_requests": {
        "title": (
            "Pedidos de acesso à informação (LAI) 2023–2024",
            "Solicitudes de acceso a la información (LAI) 2023–2024",
            "Access to information requests (LAI) 2023–2024",
        ),
        "description": (
            "Dados sintéticos: cerca de 900 pedidos feitos à prefeitura de Vale Verde pela Lei de Acesso à "
            "Informação (Lei 12.527/2011), com órgão, assunto, canal, situação, data da resposta, "
            "prorrogação e recurso. A lei dá 20 dias para responder, mais 10 com prorrogação justificada "
            "(art. 11, §§ 1º e 2º); cerca de 15% dos pedidos estão atrasados, e alguns órgãos atrasam bem "
            "mais que outros. Situação em 31/12/2024.",
            "Datos sintéticos: unas 900 solicitudes presentadas a la municipalidad de Vale Verde según la "
            "ley brasileña de acceso a la información (Lei 12.527/2011), con órgano, tema, canal, estado, "
            "fecha de respuesta, prórroga y recurso. La ley da 20 días para responder, más 10 con prórroga "
            "justificada (art. 11, §§ 1 y 2); cerca del 15% de las solicitudes están atrasadas, y algunos "
            "órganos se atrasan mucho más que otros. Estado al 31/12/2024.",
            "Synthetic data: about 900 requests made to Vale Verde under Brazil's access to information law "
            "(Lei 12.527/2011), with agency, topic, channel, status, answer date, extension and appeal. The "
            "law gives 20 days to answer, plus 10 with a justified extension (art. 11 §§1–2); about 15% of "
            "requests are late, and some agencies are much worse than others. Status as of 2024-12-31.",
        ),
    },
    "open_data_catalog": {
        "title": (
            "Catálogo de dados abertos da prefeitura",
            "Catálogo de datos abiertos de la municipalidad",
            "City open data catalogue",
        ),
        "description": (
            "Dados sintéticos: cerca de 40 conjuntos do catálogo de dados abertos de Vale Verde, com "
            "formato, licença, frequência de atualização, última atualização, dicionário de dados e "
            "leitura por máquina. Há entradas boas e ruins misturadas (dados desatualizados, só em PDF, "
            "sem licença) para exercícios de avaliação. Datas em 31/12/2024.",
            "Datos sintéticos: unos 40 conjuntos del catálogo de datos abiertos de Vale Verde, con formato, "
            "licencia, frecuencia de actualización, última actualización, diccionario de datos y lectura "
            "por máquina. Hay entradas buenas y malas mezcladas (datos desactualizados, solo en PDF, sin "
            "licencia) para ejercicios de evaluación. Fechas al 31/12/2024.",
            "Synthetic data: about 40 entries of Vale Verde's open data catalogue with format, licence, "
            "update frequency, last update, data dictionary and machine readability. Good and bad entries "
            "are mixed (stale data, PDF-only files, no licence) for assessment exercises. Dates as of "
            "2024-12-31.",
        ),
    },
    "pb_projects": {
        "title": (
            "Orçamento participativo 2024: projetos",
            "Presupuesto participativo 2024: proyectos",
            "Participatory budget 2024: projects",
        ),
        "description": (
            "Dados sintéticos: os 40 projetos do orçamento participativo de Vale Verde em 2024, com bairro, "
            "categoria, custo e localização. O valor total a distribuir é de R$ 12.000.000.",
            "Datos sintéticos: los 40 proyectos del presupuesto participativo de Vale Verde en 2024, con "
            "barrio, categoría, costo y ubicación. El monto total a distribuir es de R$ 12.000.000.",
            "Synthetic data: the 40 projects of Vale Verde's 2024 participatory budget, with district, "
            "category, cost and location. The total budget to distribute is R$ 12,000,000.",
        ),
    },
    "pb_ballots": {
        "title": (
            "Orçamento participativo 2024: votos",
            "Presupuesto participativo 2024: votos",
            "Participatory budget 2024: ballots",
        ),
        "description": (
            "Dados sintéticos: cerca de 6.000 votos por aprovação do orçamento participativo de 2024; cada "
            'pessoa aprova de 1 a 6 projetos (números separados por ";"; alguns votos estão em branco). '
            "Um bairro central grande se mobilizou muito, por isso a regra gulosa por votos e o Método das "
            "Parcelas Iguais escolhem projetos diferentes.",
            "Datos sintéticos: unos 6.000 votos por aprobación del presupuesto participativo 2024; cada "
            'persona aprueba de 1 a 6 proyectos (números separados por ";"; algunos votos están en '
            "blanco). Un barrio central grande se movilizó mucho, por eso la regla voraz por votos y el "
            "Método de Partes Iguales eligen proyectos distintos.",
            "Synthetic data: about 6,000 approval ballots of the 2024 participatory budget; each voter "
            'approves 1 to 6 projects (ids separated by ";"; a few ballots are blank). One large central '
            "district mobilised strongly, so greedy-by-votes and the Method of Equal Shares choose "
            "different projects.",
        ),
    },
    "pb_pabulib": {
        "title": (
            "Orçamento participativo 2024 no formato Pabulib",
            "Presupuesto participativo 2024 en formato Pabulib",
            "Participatory budget 2024 in Pabulib format",
        ),
        "description": (
            "Dados sintéticos: a mesma votação do orçamento participativo de 2024 no formato de arquivo "
            "Pabulib (seções META, PROJECTS e VOTES, votos por aprovação, orçamento de 12.000.000), que o "
            "pabutools lê com parse_pabulib.",
            "Datos sintéticos: la misma votación del presupuesto participativo 2024 en el formato de "
            "archivo Pabulib (secciones META, PROJECTS y VOTES, votos por aprobación, presupuesto de "
            "12.000.000), que pabutools lee con parse_pabulib.",
            "Synthetic data: the same 2024 participatory budget election in the Pabulib file format (META, "
            "PROJECTS and VOTES sections, approval ballots, budget 12,000,000), readable by pabutools' "
            "parse_pabulib.",
        ),
    },
    "foi_laws": {
        "title": (
            "Leis de acesso à informação na América Latina",
            "Leyes de acceso a la información en América Latina",
            "Access to information laws in Latin America",
        ),
        "description": (
            "Dados reais de referência (não sintéticos): prazos de resposta das leis de acesso à "
            "informação do Brasil, México, Colômbia, Chile, Argentina e Uruguai, compilados pelo civic-kit "
            "a partir de fontes primárias e secundárias. A coluna status diz quão confirmada está cada "
            "linha (verified, secondary, unverified); confira o texto oficial antes de citar.",
            "Datos reales de referencia (no sintéticos): plazos de respuesta de las leyes de acceso a la "
            "información de Brasil, México, Colombia, Chile, Argentina y Uruguay, compilados por civic-kit "
            "a partir de fuentes primarias y secundarias. La columna status indica qué tan confirmada está "
            "cada fila (verified, secondary, unverified); revise el texto oficial antes de citar.",
            "Real reference data (not synthetic): response deadlines of the access to information laws of "
            "Brazil, Mexico, Colombia, Chile, Argentina and Uruguay, compiled by civic-kit from primary and "
            "secondary sources. The status column says how firmly each row is verified (verified, "
            "secondary, unverified); check the official text before quoting.",
        ),
    },
}


# --------------------------------------------------------------------------------------------------
# Randomness and formatting
# --------------------------------------------------------------------------------------------------


class _Rand:
    """Draws derived only from ``random.Random(n).random()``, the one output Python keeps stable."""

    def __init__(self, seed: int, stream: str) -> None:
        digest = hashlib.sha256(f"{seed}:{stream}".encode()).digest()
        self._next = random.Random(int.from_bytes(digest[:8], "big")).random

    def unit(self) -> float:
        return self._next()

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self._next()

    def integer(self, low: int, high: int) -> int:
        """Uniform integer in ``[low, high]`` (both ends included)."""
        return low + int(self._next() * (high - low + 1))

    def normal(self, mean: float = 0.0, sd: float = 1.0) -> float:
        """Approximately normal (Irwin-Hall: twelve uniforms), using only exact arithmetic."""
        total = 0.0
        for _ in range(12):
            total += self._next()
        return mean + sd * (total - 6.0)

    def chance(self, probability: float) -> bool:
        return self._next() < probability

    def choice(self, items: Sequence[Any]) -> Any:
        return items[self.integer(0, len(items) - 1)]

    def weighted(self, items: Sequence[Any], weights: Sequence[float]) -> Any:
        target = self._next() * sum(weights)
        running = 0.0
        for item, weight in zip(items, weights, strict=True):
            running += weight
            if target < running:
                return item
        return items[-1]

    def shuffle(self, items: list[Any]) -> None:
        for index in range(len(items) - 1, 0, -1):
            other = self.integer(0, index)
            items[index], items[other] = items[other], items[index]

    def date(self, start: dt.date, end: dt.date, *, weekdays: bool = False) -> dt.date:
        """A day in ``[start, end]``; with ``weekdays`` only Monday to Friday (offices are closed)."""
        while True:
            day = start + dt.timedelta(days=self.integer(0, (end - start).days))
            if not weekdays or day.weekday() < 5:
                return day


def _fixed(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0." + "0" * decimals if text == "-0." + "0" * decimals else text


def _money(cents: int) -> str:
    """Integer cents as ``1234567.89`` (the clean CSVs)."""
    return f"{cents // 100}.{cents % 100:02d}"


def _money_br(cents: int) -> str:
    """Integer cents as ``1.234.567,89`` (what Brazilian portals export)."""
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def _round_half_up(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def _bool(value: bool) -> str:
    return "true" if value else "false"


class _Number:
    """A number already formatted with its fixed decimals, written to JSON as is."""

    def __init__(self, text: str) -> None:
        self.text = text


def _json_text(value: Any, indent: int | None = 2, level: int = 0) -> str:
    """Deterministic JSON: sorted keys, explicit number formats, UTF-8 text kept readable."""
    if isinstance(value, _Number):
        return value.text
    if value is None or isinstance(value, (bool, str)):
        return _json_scalar(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise TypeError("format floats explicitly with _Number before writing JSON")
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    sep = ", " if indent is None else ","
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        parts = [f"{pad}{_json_scalar(str(key))}: {_json_text(value[key], indent, level + 1)}" for key in sorted(value)]
        return "{" + sep.join(parts) + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        parts = [f"{pad}{_json_text(item, indent, level + 1)}" for item in value]
        return "[" + sep.join(parts) + end + "]"
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _json_scalar(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------
# Tables and their schemas
# --------------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """One tabular resource: its schema and its rows, every cell already formatted as text."""

    name: str
    path: str
    fields: list[dict[str, Any]]
    rows: list[list[str]]
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    synthetic: bool = True
    sources: list[dict[str, str]] = field(default_factory=lambda: [dict(_SYNTHETIC_SOURCE)])
    licenses: list[dict[str, str]] = field(default_factory=lambda: [dict(_CC_BY)])
    extra: dict[str, Any] = field(default_factory=dict)


def _field(
    name: str,
    kind: str,
    description: str,
    *,
    required: bool = True,
    unique: bool = False,
    minimum: int | str | None = None,
    maximum: int | str | None = None,
    enum: Sequence[str] | None = None,
    pattern: str | None = None,
    fmt: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if unique:
        constraints["unique"] = True
    if minimum is not None:
        constraints["minimum"] = minimum
    if maximum is not None:
        constraints["maximum"] = maximum
    if enum is not None:
        constraints["enum"] = list(enum)
    if pattern is not None:
        constraints["pattern"] = pattern
    spec: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if constraints:
        spec["constraints"] = constraints
    if fmt is not None:
        spec["format"] = fmt
    if extra:
        spec.update(extra)
    return spec


def _district_fk() -> dict[str, Any]:
    return {"fields": "district_id", "reference": {"resource": "districts", "fields": "district_id"}}


_DISTRICT_ID = 'Two-digit district code ("01" to "16"), a string that keeps its leading zero.'


# --------------------------------------------------------------------------------------------------
# Geography: 16 districts on a jittered 4 x 4 lattice
# --------------------------------------------------------------------------------------------------

# Column and row edges in km from the city centre (x east, y north). The two middle columns and rows
# are narrower, so the four central districts are small and the periphery is large.
_X_EDGES = (-7.6, -3.0, 0.0, 3.0, 7.6)
_Y_EDGES = (6.0, 2.3, 0.0, -2.3, -6.0)


@dataclass(frozen=True)
class _DistrictPlan:
    district_id: str
    name: str
    row: int
    col: int
    population: int
    income: float
    household_size: float
    children: float
    elderly: float
    empty_cells: float
    """Share of the district's cells with no residents (parks, industrial land, large lots)."""


# South-west is poor and young, north-east rich and older; the centre is dense.
_PLANS = (
    _DistrictPlan("01", "Centro", 1, 1, 19400, 6900.0, 2.35, 0.128, 0.192, 0.06),
    _DistrictPlan("02", "Bela Vista", 1, 2, 21300, 8600.0, 2.55, 0.148, 0.164, 0.05),
    _DistrictPlan("03", "Vila Operária", 2, 1, 22800, 3400.0, 3.00, 0.203, 0.118, 0.04),
    _DistrictPlan("04", "Jardim das Flores", 2, 2, 20600, 4700.0, 2.80, 0.176, 0.132, 0.05),
    _DistrictPlan("05", "Jardim Primavera", 0, 0, 12900, 4100.0, 2.90, 0.188, 0.104, 0.15),
    _DistrictPlan("06", "Vila Nova", 0, 1, 11700, 3600.0, 3.00, 0.197, 0.098, 0.12),
    _DistrictPlan("07", "Alto da Boa Vista", 0, 2, 8200, 10400.0, 2.70, 0.151, 0.149, 0.30),
    _DistrictPlan("08", "Jardim Europa", 0, 3, 6900, 11900.0, 2.80, 0.158, 0.143, 0.35),
    _DistrictPlan("09", "Jardim Santa Rita", 1, 3, 10800, 5300.0, 2.90, 0.181, 0.112, 0.18),
    _DistrictPlan("10", "Parque dos Eucaliptos", 2, 3, 9600, 4400.0, 3.00, 0.192, 0.091, 0.25),
    _DistrictPlan("11", "Residencial Águas Claras", 3, 3, 11300, 3900.0, 3.10, 0.212, 0.083, 0.20),
    _DistrictPlan("12", "Jardim Santa Luzia", 3, 2, 15200, 2300.0, 3.30, 0.238, 0.071, 0.10),
    _DistrictPlan("13", "Conjunto Habitacional Esperança", 3, 1, 18600, 2050.0, 3.40, 0.251, 0.062, 0.08),
    _DistrictPlan("14", "Jardim Morada do Sol", 3, 0, 17400, 1850.0, 3.50, 0.268, 0.058, 0.10),
    _DistrictPlan("15", "Vila São José", 2, 0, 14100, 2200.0, 3.30, 0.243, 0.069, 0.12),
    _DistrictPlan("16", "Parque Industrial", 1, 0, 3900, 2900.0, 3.20, 0.221, 0.078, 0.55),
)


@dataclass
class _District:
    plan: _DistrictPlan
    ring: list[tuple[float, float]]
    """Closed exterior ring as (lon, lat), counter-clockwise, rounded to 6 decimals."""
    population: int = 0
    households: int = 0
    area_km2: float = 0.0
    income: float = 0.0
    children: float = 0.0
    elderly: float = 0.0

    @property
    def district_id(self) -> str:
        return self.plan.district_id


@dataclass
class _Cell:
    cell_id: str
    district: _District
    lon: float
    lat: float
    weight: float
    population: int = 0
    income: float | None = None


@dataclass
class _Geography:
    districts: list[_District]
    cells: list[_Cell]

    def by_id(self, district_id: str) -> _District:
        return next(d for d in self.districts if d.district_id == district_id)

    def point_in(self, rng: _Rand, district: _District, margin: float = 0.0005) -> tuple[float, float]:
        """A random (lon, lat) inside ``district``, a little away from its border."""
        lons = [p[0] for p in district.ring]
        lats = [p[1] for p in district.ring]
        while True:
            lon = round(rng.uniform(min(lons), max(lons)), 6)
            lat = round(rng.uniform(min(lats), max(lats)), 6)
            if not _inside(lon, lat, district.ring):
                continue
            probes = ((margin, 0.0), (-margin, 0.0), (0.0, margin), (0.0, -margin))
            if all(_inside(lon + dx, lat + dy, district.ring) for dx, dy in probes):
                return lon, lat


def _to_lonlat(x_km: float, y_km: float) -> tuple[float, float]:
    lon = round(CITY["center_lon"] + x_km / _KM_PER_DEG_LON, 6)
    lat = round(CITY["center_lat"] + y_km / _KM_PER_DEG_LAT, 6)
    return lon, lat


def _to_km(lon: float, lat: float) -> tuple[float, float]:
    return (lon - CITY["center_lon"]) * _KM_PER_DEG_LON, (lat - CITY["center_lat"]) * _KM_PER_DEG_LAT


def _signed_area_km2(ring: Sequence[tuple[float, float]]) -> float:
    """Shoelace area of a closed (lon, lat) ring in km²: positive when counter-clockwise."""
    points = [_to_km(lon, lat) for lon, lat in ring]
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def _inside(lon: float, lat: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Even-odd ray casting; half-open edges make a point on a shared border belong to one side."""
    result = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def _build_geography(seed: int) -> _Geography:
    rng = _Rand(seed, "districts")
    n = len(_X_EDGES)
    # Lattice vertices: interior ones move freely, border ones slide along the border and the
    # corners move inwards, so the city outline is irregular but the tiling stays exact.
    vertex: dict[tuple[int, int], tuple[float, float]] = {}
    for i in range(n):
        for j in range(n):
            x, y = _X_EDGES[j], _Y_EDGES[i]
            inner_i, inner_j = 0 < i < n - 1, 0 < j < n - 1
            if inner_i and inner_j:
                x += rng.uniform(-0.35, 0.35)
                y += rng.uniform(-0.3, 0.3)
            elif inner_j:  # top or bottom border
                x += rng.uniform(-0.3, 0.3)
                y += rng.uniform(0.0, 0.35) * (-1 if i == 0 else 1)
            elif inner_i:  # left or right border
                y += rng.uniform(-0.25, 0.25)
                x += rng.uniform(0.0, 0.35) * (1 if j == 0 else -1)
            else:  # corner: cut inwards
                x += rng.uniform(0.2, 0.6) * (1 if j == 0 else -1)
                y += rng.uniform(0.2, 0.6) * (-1 if i == 0 else 1)
            vertex[i, j] = (x, y)

    def midpoint(a: tuple[float, float], b: tuple[float, float], outer_sign: int) -> tuple[float, float]:
        # A bend in the middle of each edge, perpendicular to it. Outer edges only bend inwards.
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.sqrt(dx * dx + dy * dy)
        nx, ny = -dy / length, dx / length
        shift = rng.uniform(-0.3, 0.3) if outer_sign == 0 else rng.uniform(0.0, 0.45) * outer_sign
        return mx + nx * shift, my + ny * shift

    horizontal: dict[tuple[int, int], tuple[float, float]] = {}
    vertical: dict[tuple[int, int], tuple[float, float]] = {}
    for i in range(n):
        for j in range(n - 1):
            # Edge heading east: its left normal points north; the top border bends south (-1).
            sign = -1 if i == 0 else (1 if i == n - 1 else 0)
            horizontal[i, j] = midpoint(vertex[i, j], vertex[i, j + 1], sign)
    for i in range(n - 1):
        for j in range(n):
            # Edge heading south: its left normal points east; the west border bends east (+1).
            sign = 1 if j == 0 else (-1 if j == n - 1 else 0)
            vertical[i, j] = midpoint(vertex[i, j], vertex[i + 1, j], sign)

    lonlat: dict[tuple[float, float], tuple[float, float]] = {}

    def point(p: tuple[float, float]) -> tuple[float, float]:
        # Round each shared point once, so neighbours get exactly the same coordinates.
        if p not in lonlat:
            lonlat[p] = _to_lonlat(*p)
        return lonlat[p]

    districts = []
    for plan in _PLANS:
        r, c = plan.row, plan.col
        clockwise = [
            vertex[r, c],
            horizontal[r, c],
            vertex[r, c + 1],
            vertical[r, c + 1],
            vertex[r + 1, c + 1],
            horizontal[r + 1, c],
            vertex[r + 1, c],
            vertical[r, c],
        ]
        ring = [point(p) for p in reversed(clockwise)]
        ring.append(ring[0])
        if _signed_area_km2(ring) < 0:
            ring.reverse()
        districts.append(_District(plan=plan, ring=ring))

    _fill_districts(rng, districts)
    cells = _build_cells(seed, districts)
    return _Geography(districts=districts, cells=cells)


def _fill_districts(rng: _Rand, districts: list[_District]) -> None:
    for district in districts:
        plan = district.plan
        district.population = _round_half_up(plan.population * (1 + rng.normal(0, 0.02)))
        district.households = _round_half_up(district.population / (plan.household_size * (1 + rng.normal(0, 0.015))))
        district.area_km2 = round(_signed_area_km2(district.ring), 2)
        district.income = round(plan.income * (1 + rng.normal(0, 0.03)), 2)
        district.children = round(plan.children + rng.normal(0, 0.004), 3)
        district.elderly = round(plan.elderly + rng.normal(0, 0.004), 3)


def _build_cells(seed: int, districts: list[_District]) -> list[_Cell]:
    """200 m cells covering the city; each cell belongs to the district containing its centre."""
    rng = _Rand(seed, "population_grid")
    size = 0.2
    cols = round((_X_EDGES[-1] - _X_EDGES[0]) / size)
    rows = round((_Y_EDGES[0] - _Y_EDGES[-1]) / size)
    cells: list[_Cell] = []
    for row in range(rows):
        for col in range(cols):
            x = _X_EDGES[0] + size * (col + 0.5)
            y = _Y_EDGES[0] - size * (row + 0.5)
            lon, lat = _to_lonlat(x, y)
            home = next((d for d in districts if _inside(lon, lat, d.ring)), None)
            if home is None:
                continue  # outside the (irregular) city limits
            # Density falls with distance from the centre; some cells have nobody living there.
            weight = 0.0
            if not rng.chance(home.plan.empty_cells):
                weight = max(0.05, 1 + rng.normal(0, 0.35)) / (1 + (x * x + y * y) / 30.0)
            cells.append(_Cell(f"R{row:02d}C{col:02d}", home, lon, lat, weight))

    for district in districts:
        mine = [cell for cell in cells if cell.district is district]
        for cell, people in zip(mine, _apportion(district.population, [c.weight for c in mine]), strict=True):
            cell.population = people
        # Income varies between cells around the district mean, and the population-weighted mean of
        # the cells equals the district's value (up to cent rounding).
        factors = [max(0.55, 1 + rng.normal(0, 0.16)) for _ in mine]
        weighted = sum(f * c.population for f, c in zip(factors, mine, strict=True)) / district.population
        for cell, factor in zip(mine, factors, strict=True):
            if cell.population > 0:
                cell.income = round(district.income * factor / weighted, 2)
    return cells


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, ties by position)."""
    weight_sum = sum(weights)
    quotas = [total * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda k: (-(quotas[k] - shares[k]), k))
    for k in order[:left]:
        shares[k] += 1
    return shares


def _districts_table(geo: _Geography) -> _Table:
    rows = [
        [
            d.district_id,
            d.plan.name,
            str(d.population),
            _fixed(d.area_km2, 2),
            str(d.households),
            _fixed(d.income, 2),
            _fixed(d.children, 3),
            _fixed(d.elderly, 3),
        ]
        for d in geo.districts
    ]
    rows.sort(key=lambda r: r[0])
    fields = [
        _field("district_id", "string", _DISTRICT_ID, unique=True, pattern="^(0[1-9]|1[0-6])$"),
        _field("name", "string", "District (bairro) name.", unique=True),
        _field("population", "integer", "Resident population.", minimum=0),
        _field("area_km2", "number", "Area in square kilometres, computed from the district polygon.", minimum=0),
        _field("households", "integer", "Number of private households.", minimum=0),
        _field(
            "avg_household_income_brl",
            "number",
            "Average monthly household income in reais (R$).",
            minimum=0,
        ),
        _field(
            "share_children_0_14",
            "number",
            "Share of residents aged 0 to 14 (0 to 1).",
            minimum=0,
            maximum=1,
        ),
        _field(
            "share_elderly_65_plus",
            "number",
            "Share of residents aged 65 or more (0 to 1).",
            minimum=0,
            maximum=1,
        ),
    ]
    return _Table("districts", "districts.csv", fields, rows, primary_key=["district_id"])


def _districts_geojson(geo: _Geography) -> str:
    features = []
    for d in sorted(geo.districts, key=lambda d: d.district_id):
        features.append(
            {
                "type": "Feature",
                "id": d.district_id,
                "properties": {
                    "district_id": d.district_id,
                    "name": d.plan.name,
                    "population": d.population,
                    "area_km2": _Number(_fixed(d.area_km2, 2)),
                    "households": d.households,
                    "avg_household_income_brl": _Number(_fixed(d.income, 2)),
                    "share_children_0_14": _Number(_fixed(d.children, 3)),
                    "share_elderly_65_plus": _Number(_fixed(d.elderly, 3)),
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[_Number(_fixed(lon, 6)), _Number(_fixed(lat, 6))] for lon, lat in d.ring]],
                },
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "vale_verde_districts",
        "synthetic": True,
        "features": [_Number(_json_text(f, indent=None)) for f in features],
    }
    return _json_text(collection, indent=1) + "\n"


def _grid_table(geo: _Geography) -> _Table:
    rows = [
        [
            c.cell_id,
            c.district.district_id,
            _fixed(c.lat, 6),
            _fixed(c.lon, 6),
            str(c.population),
            "" if c.income is None else _fixed(c.income, 2),
        ]
        for c in geo.cells
    ]
    fields = [
        _field(
            "cell_id",
            "string",
            "Cell code R<row>C<column>, counted from the north-west corner of the 200 m grid.",
            unique=True,
            pattern="^R[0-9]{2}C[0-9]{2}$",
        ),
        _field("district_id", "string", _DISTRICT_ID + " District containing the cell centre."),
        _field("lat", "number", "Latitude of the cell centre (WGS84).", minimum=-90, maximum=90),
        _field("lon", "number", "Longitude of the cell centre (WGS84).", minimum=-180, maximum=180),
        _field("population", "integer", "Residents in the cell; cells add up to the district population.", minimum=0),
        _field(
            "avg_household_income_brl",
            "number",
            "Average monthly household income in the cell (R$); empty where nobody lives.",
            required=False,
            minimum=0,
        ),
    ]
    return _Table(
        "population_grid",
        "population_grid.csv",
        fields,
        rows,
        primary_key=["cell_id"],
        foreign_keys=[_district_fk()],
    )


# --------------------------------------------------------------------------------------------------
# Facilities
# --------------------------------------------------------------------------------------------------

# (health units, schools, CRAS) per district: the centre and the rich north-east are well served,
# the poor south-west periphery (12-15) is not.
_FACILITY_COUNTS = {
    "01": (3, 6, 1),
    "02": (2, 6, 0),
    "03": (2, 5, 1),
    "04": (2, 5, 1),
    "05": (1, 3, 0),
    "06": (1, 3, 1),
    "07": (1, 3, 0),
    "08": (1, 3, 0),
    "09": (2, 3, 1),
    "10": (1, 3, 0),
    "11": (1, 3, 0),
    "12": (1, 3, 0),
    "13": (1, 3, 1),
    "14": (1, 2, 0),
    "15": (1, 3, 1),
    "16": (1, 1, 0),
}

_HONOREES = (
    "Monteiro Lobato",
    "Cecília Meireles",
    "Paulo Freire",
    "Anísio Teixeira",
    "Darcy Ribeiro",
    "Carolina Maria de Jesus",
    "Machado de Assis",
    "Rachel de Queiroz",
    "Cora Coralina",
    "Tarsila do Amaral",
    "Santos Dumont",
    "Oswaldo Cruz",
    "Chico Mendes",
    "Zumbi dos Palmares",
    "Luiz Gama",
    "André Rebouças",
    "Nise da Silveira",
    "Bertha Lutz",
    "Chiquinha Gonzaga",
    "Milton Santos",
    "Lélia Gonzalez",
    "Graciliano Ramos",
    "Lima Barreto",
    "Mário Quintana",
    "Clarice Lispector",
    "Vinicius de Moraes",
    "Jorge Amado",
    "Castro Alves",
    "Zilda Arns",
    "Ruth Rocha",
    "Manoel de Barros",
    "Florestan Fernandes",
    "Dorina Nowill",
    "Adoniran Barbosa",
    "Heitor Villa-Lobos",
    "Professora Benedita Aparecida Lopes",
    "Professor José Carlos Ferreira",
    "Professora Maria Helena Antunes",
    "Professor Sebastião Rodrigues",
    "Professora Iracema Gonçalves",
    "Dona Conceição Batista",
    "Padre Anchieta",
    "Professora Lúcia Helena Prado",
    "Professor Antônio Fagundes Lima",
    "Professora Dirce Camargo",
    "Irmã Dulce",
    "Carlos Drummond de Andrade",
    "Ziraldo",
    "Mário de Andrade",
    "Anita Malfatti",
    "Francisca Júlia",
    "Professora Olga Benário",
    "Professor Hermínio Sacchetta",
    "Aurora Pires de Campos",
    "Professor Rubens Alves",
)


def _facilities_table(seed: int, geo: _Geography) -> _Table:
    rng = _Rand(seed, "facilities")
    center = {"01", "02", "03", "04"}
    honorees = list(_HONOREES)
    rng.shuffle(honorees)
    health: list[list[str]] = []
    schools: list[list[str]] = []
    cras: list[list[str]] = []
    for district_id in sorted(_FACILITY_COUNTS):
        district = geo.by_id(district_id)
        n_health, n_school, n_cras = _FACILITY_COUNTS[district_id]
        oldest = 1952 if district_id in center else 1978
        for k in range(n_health):
            lon, lat = geo.point_in(rng, district)
            suffix = "" if k == 0 else " " + "I" * (k + 1)
            health.append(
                [
                    f"UBS-{len(health) + 1:02d}",
                    f"UBS {district.plan.name}{suffix}",
                    "health_unit",
                    district_id,
                    _fixed(lat, 6),
                    _fixed(lon, 6),
                    str(100 * rng.integer(28, 75)),
                    str(rng.integer(oldest + 10, 2021)),
                ]
            )
        for k in range(n_school):
            lon, lat = geo.point_in(rng, district)
            infant = k % 3 == 1
            prefix = "EMEI" if infant else "EMEF"
            capacity = 10 * rng.integer(15, 45) if infant else 10 * rng.integer(35, 110)
            schools.append(
                [
                    f"ESC-{len(schools) + 1:03d}",
                    f"{prefix} {honorees[len(schools)]}",
                    "school",
                    district_id,
                    _fixed(lat, 6),
                    _fixed(lon, 6),
                    str(capacity),
                    str(rng.integer(oldest, 2022)),
                ]
            )
        for _ in range(n_cras):
            lon, lat = geo.point_in(rng, district)
            cras.append(
                [
                    f"CRAS-{len(cras) + 1}",
                    f"CRAS {district.plan.name}",
                    "cras",
                    district_id,
                    _fixed(lat, 6),
                    _fixed(lon, 6),
                    str(50 * rng.integer(8, 24)),
                    str(rng.integer(2006, 2021)),
                ]
            )
    fields = [
        _field(
            "facility_id",
            "string",
            "Facility code: UBS-nn (health unit), ESC-nnn (school) or CRAS-n.",
            unique=True,
            pattern="^(UBS-[0-9]{2}|ESC-[0-9]{3}|CRAS-[0-9])$",
        ),
        _field("name", "string", "Facility name as residents know it (EMEF: primary school, EMEI: pre-school)."),
        _field(
            "kind",
            "string",
            "health_unit (Unidade Básica de Saúde), school (municipal school) or cras (Centro de "
            "Referência de Assistência Social).",
            enum=["health_unit", "school", "cras"],
        ),
        _field("district_id", "string", _DISTRICT_ID),
        _field("lat", "number", "Latitude (WGS84), inside the district.", minimum=-90, maximum=90),
        _field("lon", "number", "Longitude (WGS84), inside the district.", minimum=-180, maximum=180),
        _field(
            "capacity",
            "integer",
            "People served per month (health units, CRAS) or enrolled pupils (schools).",
            minimum=1,
        ),
        _field("opened_year", "integer", "Year the facility opened.", minimum=1900, maximum=2024),
    ]
    return _Table(
        "facilities",
        "facilities.csv",
        fields,
        health + schools + cras,
        primary_key=["facility_id"],
        foreign_keys=[_district_fk()],
    )


# --------------------------------------------------------------------------------------------------
# Budget execution
# --------------------------------------------------------------------------------------------------

_ORGAOS = {
    "01": "Câmara Municipal",
    "02": "Gabinete do Prefeito",
    "03": "Secretaria Municipal de Administração",
    "04": "Secretaria Municipal de Fazenda",
    "05": "Secretaria Municipal de Educação",
    "06": "Secretaria Municipal de Saúde",
    "07": "Secretaria Municipal de Assistência Social",
    "08": "Secretaria Municipal de Obras e Serviços Urbanos",
    "09": "Secretaria Municipal de Cultura",
    "10": "Secretaria Municipal de Meio Ambiente",
    "11": "Secretaria Municipal de Esportes e Lazer",
    "12": "Secretaria Municipal de Mobilidade Urbana",
    "13": "Secretaria Municipal de Segurança Urbana",
}

# Funções and subfunções: Portaria MOG 42/1999 (codes and names as in its annex) [unverified here
# against the official text; the codes are the ones every Brazilian transparency portal uses].
_FUNCOES = {
    "01": "Legislativa",
    "04": "Administração",
    "06": "Segurança Pública",
    "08": "Assistência Social",
    "10": "Saúde",
    "12": "Educação",
    "13": "Cultura",
    "15": "Urbanismo",
    "17": "Saneamento",
    "18": "Gestão Ambiental",
    "26": "Transporte",
    "27": "Desporto e Lazer",
    "28": "Encargos Especiais",
}
_SUBFUNCOES = {
    "031": "Ação Legislativa",
    "122": "Administração Geral",
    "123": "Administração Financeira",
    "126": "Tecnologia da Informação",
    "128": "Formação de Recursos Humanos",
    "129": "Administração de Receitas",
    "131": "Comunicação Social",
    "181": "Policiamento",
    "182": "Defesa Civil",
    "241": "Assistência ao Idoso",
    "242": "Assistência ao Portador de Deficiência",
    "243": "Assistência à Criança e ao Adolescente",
    "244": "Assistência Comunitária",
    "301": "Atenção Básica",
    "302": "Assistência Hospitalar e Ambulatorial",
    "303": "Suporte Profilático e Terapêutico",
    "304": "Vigilância Sanitária",
    "305": "Vigilância Epidemiológica",
    "306": "Alimentação e Nutrição",
    "361": "Ensino Fundamental",
    "365": "Educação Infantil",
    "366": "Educação de Jovens e Adultos",
    "367": "Educação Especial",
    "391": "Patrimônio Histórico, Artístico e Arqueológico",
    "392": "Difusão Cultural",
    "451": "Infra-Estrutura Urbana",
    "452": "Serviços Urbanos",
    "453": "Transportes Coletivos Urbanos",
    "512": "Saneamento Básico Urbano",
    "541": "Preservação e Conservação Ambiental",
    "542": "Controle Ambiental",
    "782": "Transporte Rodoviário",
    "812": "Desporto Comunitário",
    "813": "Lazer",
    "843": "Serviço da Dívida Interna",
    "846": "Outros Encargos Especiais",
}
# Naturezas da despesa: Portaria Interministerial STN/SOF 163/2001 (categoria.grupo.modalidade.elemento).
_NATUREZAS = {
    "3.1.90.04": "Contratação por Tempo Determinado",
    "3.1.90.11": "Vencimentos e Vantagens Fixas - Pessoal Civil",
    "3.1.90.13": "Obrigações Patronais",
    "3.2.90.21": "Juros sobre a Dívida por Contrato",
    "3.3.50.43": "Subvenções Sociais",
    "3.3.90.14": "Diárias - Civil",
    "3.3.90.30": "Material de Consumo",
    "3.3.90.32": "Material, Bem ou Serviço para Distribuição Gratuita",
    "3.3.90.36": "Outros Serviços de Terceiros - Pessoa Física",
    "3.3.90.39": "Outros Serviços de Terceiros - Pessoa Jurídica",
    "3.3.90.40": "Serviços de Tecnologia da Informação e Comunicação - Pessoa Jurídica",
    "3.3.90.45": "Subvenções Econômicas",
    "3.3.90.46": "Auxílio-Alimentação",
    "3.3.90.48": "Outros Auxílios Financeiros a Pessoas Físicas",
    "3.3.90.91": "Sentenças Judiciais",
    "4.4.90.51": "Obras e Instalações",
    "4.4.90.52": "Equipamentos e Material Permanente",
    "4.6.90.71": "Principal da Dívida Contratual Resgatado",
}
# How an action's money splits across naturezas.
_MIXES: Mapping[str, tuple[tuple[str, float], ...]] = {
    "staff": (
        ("3.1.90.11", 0.58),
        ("3.1.90.13", 0.15),
        ("3.1.90.04", 0.05),
        ("3.3.90.46", 0.05),
        ("3.3.90.30", 0.06),
        ("3.3.90.39", 0.11),
    ),
    "office": (("3.1.90.11", 0.62), ("3.1.90.13", 0.16), ("3.3.90.30", 0.06), ("3.3.90.39", 0.16)),
    "services": (("3.3.90.30", 0.28), ("3.3.90.39", 0.62), ("3.3.90.36", 0.06), ("3.3.90.14", 0.04)),
    "works": (("4.4.90.51", 0.88), ("4.4.90.52", 0.07), ("3.3.90.39", 0.05)),
    "it": (("3.3.90.40", 0.62), ("4.4.90.52", 0.30), ("3.3.90.30", 0.08)),
    "grants": (("3.3.50.43", 0.80), ("3.3.90.39", 0.20)),
    "benefits": (("3.3.90.48", 0.88), ("3.3.90.32", 0.12)),
    "pharmacy": (("3.3.90.30", 0.72), ("3.3.90.32", 0.23), ("3.3.90.39", 0.05)),
    "meals": (("3.3.90.30", 0.64), ("3.3.90.39", 0.36)),
    "subsidy": (("3.3.90.45", 1.0),),
    "debt": (("4.6.90.71", 1.0),),
    "interest": (("3.2.90.21", 1.0),),
    "courts": (("3.3.90.91", 1.0),),
}


@dataclass(frozen=True)
class _Action:
    orgao: str
    funcao: str
    subfuncao: str
    programa: str
    programa_name: str
    acao: str
    acao_name: str
    millions: float
    """Initial appropriation in 2022, in R$ millions."""
    mix: str
    years: tuple[int, ...] = (2022, 2023, 2024)


_P = {
    "0001": "Processo Legislativo",
    "0002": "Gestão Governamental",
    "0003": "Gestão Administrativa e de Pessoas",
    "0004": "Gestão Fiscal e Financeira",
    "0005": "Ensino Fundamental de Qualidade",
    "0006": "Educação Infantil para Todos",
    "0007": "Gestão da Educação",
    "0008": "Atenção Primária à Saúde",
    "0009": "Atenção Especializada e Hospitalar",
    "0010": "Vigilância em Saúde",
    "0011": "Gestão do SUS",
    "0012": "Proteção Social Básica",
    "0013": "Proteção Social Especial",
    "0014": "Cidade Bem Cuidada",
    "0015": "Saneamento para Todos",
    "0016": "Cultura Viva",
    "0017": "Vale Verde Sustentável",
    "0018": "Esporte para Todos",
    "0019": "Mobilidade Urbana",
    "0020": "Cidade Segura",
    "0999": "Operações Especiais",
}


def _a(
    orgao: str,
    funcao: str,
    sub: str,
    prog: str,
    acao: str,
    name: str,
    millions: float,
    mix: str,
    years: tuple[int, ...] = (2022, 2023, 2024),
) -> _Action:
    return _Action(orgao, funcao, sub, prog, _P[prog], acao, name, millions, mix, years)


# The 2022 budget law of Vale Verde, one entry per ação (1xxx projects, 2xxx activities,
# 0xxx special operations, as in every Brazilian PPA).
_ACTIONS = (
    _a("01", "01", "031", "0001", "2001", "Manutenção das Atividades Legislativas", 38.0, "staff"),
    _a("02", "04", "122", "0002", "2002", "Manutenção do Gabinete do Prefeito", 9.0, "office"),
    _a("02", "04", "131", "0002", "2003", "Comunicação Institucional", 6.0, "services"),
    _a("03", "04", "122", "0003", "2004", "Manutenção dos Serviços Administrativos", 30.0, "staff"),
    _a("03", "04", "126", "0003", "2005", "Modernização Tecnológica da Prefeitura", 8.0, "it"),
    _a("03", "04", "128", "0003", "2006", "Capacitação de Servidores", 1.5, "services"),
    _a("04", "04", "123", "0004", "2007", "Manutenção da Administração Fazendária", 18.0, "office"),
    _a("04", "04", "129", "0004", "2008", "Modernização da Administração Tributária", 4.0, "it"),
    _a("04", "28", "843", "0999", "0001", "Amortização da Dívida Pública", 22.0, "debt"),
    _a("04", "28", "843", "0999", "0002", "Juros e Encargos da Dívida Pública", 9.0, "interest"),
    _a("04", "28", "846", "0999", "0003", "Pagamento de Precatórios e Sentenças Judiciais", 12.0, "courts"),
    _a("05", "12", "361", "0005", "2009", "Manutenção do Ensino Fundamental", 150.0, "staff"),
    _a("05", "12", "361", "0005", "1001", "Construção e Ampliação de Escolas", 18.0, "works"),
    _a("05", "12", "361", "0005", "2010", "Transporte Escolar", 14.0, "services"),
    _a("05", "12", "365", "0006", "2011", "Manutenção da Educação Infantil", 95.0, "staff"),
    _a("05", "12", "365", "0006", "1002", "Construção de Creches", 14.0, "works", (2023, 2024)),
    _a("05", "12", "306", "0005", "2012", "Alimentação Escolar", 22.0, "meals"),
    _a("05", "12", "366", "0005", "2013", "Educação de Jovens e Adultos", 5.0, "office"),
    _a("05", "12", "367", "0005", "2014", "Educação Especial Inclusiva", 9.0, "staff"),
    _a("05", "12", "122", "0007", "2015", "Manutenção da Secretaria de Educação", 8.0, "office"),
    _a("06", "10", "301", "0008", "2016", "Manutenção das Unidades Básicas de Saúde", 120.0, "staff"),
    _a("06", "10", "301", "0008", "1003", "Construção e Reforma de Unidades Básicas de Saúde", 12.0, "works"),
    _a("06", "10", "302", "0009", "2017", "Manutenção do Hospital Municipal", 130.0, "staff"),
    _a("06", "10", "302", "0009", "2018", "Pronto Atendimento e Urgência (UPA e SAMU)", 45.0, "staff"),
    _a("06", "10", "303", "0008", "2019", "Assistência Farmacêutica", 22.0, "pharmacy"),
    _a("06", "10", "304", "0010", "2020", "Vigilância Sanitária", 4.0, "office"),
    _a("06", "10", "305", "0010", "2021", "Vigilância Epidemiológica e Controle de Endemias", 9.0, "staff"),
    _a("06", "10", "122", "0011", "2022", "Manutenção da Secretaria de Saúde", 10.0, "office"),
    _a("07", "08", "244", "0012", "2023", "Manutenção dos CRAS", 16.0, "staff"),
    _a("07", "08", "243", "0012", "2024", "Convivência para Crianças e Adolescentes", 8.0, "grants"),
    _a("07", "08", "241", "0012", "2025", "Atenção à Pessoa Idosa", 6.0, "grants"),
    _a("07", "08", "242", "0013", "2026", "Atenção à Pessoa com Deficiência", 5.0, "grants"),
    _a("07", "08", "244", "0013", "2027", "Manutenção do CREAS e do Acolhimento Institucional", 9.0, "staff"),
    _a("07", "08", "244", "0012", "2028", "Benefícios Eventuais", 3.0, "benefits"),
    _a("07", "08", "122", "0012", "2029", "Manutenção da Secretaria de Assistência Social", 3.0, "office"),
    _a("08", "15", "451", "0014", "1004", "Pavimentação e Recapeamento de Vias", 38.0, "works"),
    _a("08", "15", "452", "0014", "2030", "Limpeza Urbana e Coleta de Lixo", 42.0, "services"),
    _a("08", "15", "452", "0014", "2031", "Iluminação Pública", 18.0, "services"),
    _a("08", "15", "452", "0014", "2032", "Manutenção de Praças e Áreas Verdes", 8.0, "services"),
    _a("08", "17", "512", "0015", "1005", "Obras de Saneamento e Drenagem", 18.0, "works"),
    _a("08", "15", "122", "0014", "2033", "Manutenção da Secretaria de Obras", 6.0, "office"),
    _a("09", "13", "392", "0016", "2034", "Eventos e Festividades Culturais", 5.0, "services"),
    _a("09", "13", "392", "0016", "2035", "Manutenção de Bibliotecas, Teatro e Centros Culturais", 6.0, "office"),
    _a("09", "13", "391", "0016", "1006", "Restauro do Patrimônio Histórico", 3.0, "works", (2022, 2023)),
    _a("10", "18", "541", "0017", "2036", "Manutenção de Parques e Unidades de Conservação", 7.0, "services"),
    _a("10", "18", "541", "0017", "1007", "Arborização Urbana", 3.0, "works"),
    _a("10", "18", "542", "0017", "2037", "Licenciamento e Fiscalização Ambiental", 4.0, "office"),
    _a("11", "27", "812", "0018", "2038", "Escolinhas Esportivas e Eventos", 5.0, "services"),
    _a("11", "27", "812", "0018", "1008", "Construção e Reforma de Quadras Esportivas", 5.0, "works"),
    _a("11", "27", "813", "0018", "2039", "Lazer nos Bairros", 2.0, "services"),
    _a("12", "26", "453", "0019", "2040", "Subsídio ao Transporte Coletivo", 30.0, "subsidy"),
    _a("12", "26", "453", "0019", "2041", "Sinalização e Operação do Trânsito", 8.0, "services"),
    _a("12", "26", "782", "0019", "1009", "Ciclovias e Corredores de Ônibus", 12.0, "works", (2024,)),
    _a("13", "06", "181", "0020", "2042", "Manutenção da Guarda Civil Municipal", 20.0, "staff"),
    _a("13", "06", "182", "0020", "2043", "Ações de Defesa Civil", 2.0, "services"),
)
# Scale of the whole budget relative to the table above: nominal growth of roughly inflation plus a
# little real growth each year.
_GROWTH = {2022: 1.10, 2023: 1.18, 2024: 1.245}


def _execution_ratios(rng: _Rand, natureza: str, funcao: str) -> tuple[float, float, float, float]:
    """(updated/initial, committed/updated, accrued/committed, paid/accrued) for one line.

    Personnel and debt are almost fully executed, health and education custeio above 90%, and
    works (4.4.90.51) typically 30-60%, which is what learners see in real portals.
    """
    if natureza.startswith("3.1"):
        return rng.uniform(1.0, 1.08), rng.uniform(0.96, 0.995), rng.uniform(0.995, 1.0), rng.uniform(0.93, 0.99)
    if natureza in ("4.6.90.71", "3.2.90.21"):
        return rng.uniform(0.98, 1.03), rng.uniform(0.97, 1.0), 1.0, 1.0
    if natureza == "3.3.90.91":
        return rng.uniform(0.9, 1.2), rng.uniform(0.85, 1.0), 1.0, rng.uniform(0.97, 1.0)
    if natureza == "4.4.90.51":
        return rng.uniform(0.7, 1.3), rng.uniform(0.30, 0.60), rng.uniform(0.55, 0.9), rng.uniform(0.8, 0.97)
    if natureza == "4.4.90.52":
        return rng.uniform(0.8, 1.2), rng.uniform(0.45, 0.85), rng.uniform(0.7, 0.95), rng.uniform(0.85, 0.99)
    if funcao in ("10", "12"):
        return rng.uniform(0.97, 1.15), rng.uniform(0.9, 0.98), rng.uniform(0.9, 0.98), rng.uniform(0.88, 0.98)
    return rng.uniform(0.85, 1.1), rng.uniform(0.78, 0.95), rng.uniform(0.88, 0.98), rng.uniform(0.85, 0.98)


@dataclass(frozen=True)
class _BudgetLine:
    year: int
    action: _Action
    natureza: str
    stages: tuple[int, int, int, int, int]
    """Cents: dotação inicial, dotação atualizada, empenhado, liquidado, pago."""


def _budget_lines(seed: int) -> list[_BudgetLine]:
    rng = _Rand(seed, "budget_execution")
    lines: list[_BudgetLine] = []
    for year in (2022, 2023, 2024):
        special_credit = rng.integer(0, len(_ACTIONS) - 1)
        for index, action in enumerate(_ACTIONS):
            if year not in action.years:
                continue
            weight_action = action.millions * _GROWTH[year] * (1 + rng.normal(0, 0.04))
            for natureza, share in _MIXES[action.mix]:
                # An occasional natureza drops out of one year's budget law.
                if len(_MIXES[action.mix]) > 2 and rng.chance(0.04):
                    continue
                initial = 100_000 * _round_half_up(weight_action * share * 1000 * (1 + rng.normal(0, 0.05)))
                updated_r, committed_r, accrued_r, paid_r = _execution_ratios(rng, natureza, action.funcao)
                updated = _round_half_up(initial * updated_r)
                if index == special_credit and natureza == _MIXES[action.mix][-1][0]:
                    # A crédito especial: a line the budget law did not have, added during the year.
                    updated, initial = max(updated, 50_000_000), 0
                committed = int(updated * committed_r)
                accrued = int(committed * accrued_r)
                paid = int(accrued * paid_r)
                lines.append(_BudgetLine(year, action, natureza, (initial, updated, committed, accrued, paid)))
    lines.sort(
        key=lambda b: (
            b.year,
            b.action.orgao,
            b.action.funcao,
            b.action.subfuncao,
            b.action.programa,
            b.action.acao,
            b.natureza,
        )
    )
    return lines


_BUDGET_STAGES = ("dotacao_inicial", "dotacao_atualizada", "empenhado", "liquidado", "pago")
_STAGE_TEXT = {
    "dotacao_inicial": "Initial appropriation in the budget law (dotação inicial), R$; 0 for a line created during "
    "the year by a special credit (crédito especial).",
    "dotacao_atualizada": "Appropriation after supplementary credits and cancellations (dotação atualizada), R$.",
    "empenhado": "Committed (empenhado): money reserved for a specific expense, R$.",
    "liquidado": "Accrued (liquidado): goods or services delivered and checked, R$.",
    "pago": "Paid (pago), R$.",
}


def _budget_tables(seed: int) -> tuple[_Table, _Table, _Table]:
    lines = _budget_lines(seed)
    clean_rows = []
    raw_rows = []
    for b in lines:
        a = b.action
        codes = [
            a.orgao,
            _ORGAOS[a.orgao],
            a.funcao,
            _FUNCOES[a.funcao],
            a.subfuncao,
            _SUBFUNCOES[a.subfuncao],
            a.programa,
            a.programa_name,
            a.acao,
            a.acao_name,
            b.natureza,
            _NATUREZAS[b.natureza],
        ]
        end = dt.date(b.year, 12, 31)
        clean_rows.append([str(b.year), *codes, *(_money(c) for c in b.stages), end.isoformat()])
        raw_rows.append([str(b.year), *codes, *(_money_br(c) for c in b.stages), end.strftime("%d/%m/%Y")])

    code_fields = [
        _field("orgao_code", "string", "Agency (órgão) code.", pattern="^[0-9]{2}$"),
        _field("orgao", "string", "Agency (órgão) name."),
        _field("funcao_code", "string", "Function (função) code, Portaria 42/1999.", pattern="^[0-9]{2}$"),
        _field("funcao", "string", "Function (função) name."),
        _field("subfuncao_code", "string", "Subfunction (subfunção) code, Portaria 42/1999.", pattern="^[0-9]{3}$"),
        _field("subfuncao", "string", "Subfunction (subfunção) name."),
        _field("programa_code", "string", "Programme (programa) code of the municipal PPA.", pattern="^[0-9]{4}$"),
        _field("programa", "string", "Programme (programa) name."),
        _field(
            "acao_code",
            "string",
            "Action (ação) code: 1xxx projects, 2xxx activities, 0xxx special operations.",
            pattern="^[0-2][0-9]{3}$",
        ),
        _field("acao", "string", "Action (ação) name."),
        _field(
            "natureza_code",
            "string",
            "Expenditure nature (natureza da despesa): category.group.modality.element, Portaria "
            "Interministerial 163/2001.",
            pattern="^[34]\\.[1-6]\\.[0-9]{2}\\.[0-9]{2}$",
        ),
        _field("natureza", "string", "Expenditure nature (natureza da despesa) name."),
    ]
    clean_fields = [
        _field("year", "integer", "Fiscal year (exercício).", minimum=2022, maximum=2024),
        *code_fields,
        *(_field(stage, "number", _STAGE_TEXT[stage], minimum=0) for stage in _BUDGET_STAGES),
        _field("reference_date", "date", "Date the amounts refer to (last day of the fiscal year)."),
    ]
    key = ["year", "orgao_code", "funcao_code", "subfuncao_code", "programa_code", "acao_code", "natureza_code"]
    clean = _Table("budget_execution", "budget_execution.csv", clean_fields, clean_rows, primary_key=key)

    labels = _RAW_LABELS
    raw_fields = []
    for label, spec in zip(labels, clean_fields, strict=True):
        raw = dict(spec)
        raw["name"] = label
        raw["description"] = f"{spec['description']} (Clean name: {spec['name']}.)"
        if spec["type"] == "number":
            raw["decimalChar"] = ","
            raw["groupChar"] = "."
        if spec["type"] == "date":
            raw["format"] = "%d/%m/%Y"
        raw_fields.append(raw)
    raw = _Table(
        "budget_execution_raw",
        "budget_execution_raw_portal.csv",
        raw_fields,
        raw_rows,
        primary_key=[labels[[f["name"] for f in clean_fields].index(k)] for k in key],
        extra={
            "encoding": "cp1252",
            "dialect": {"delimiter": ";", "headerRows": [2], "lineTerminator": "\r\n"},
            "fieldsMatch": "subset",
        },
    )

    totals_rows = []
    for year in (2022, 2023, 2024):
        sums = [sum(b.stages[k] for b in lines if b.year == year) for k in range(5)]
        totals_rows.append([str(year), *(_money(s) for s in sums)])
    totals_fields = [
        _field("year", "integer", "Fiscal year.", unique=True, minimum=2022, maximum=2024),
        *(_field(stage, "number", "Year total: " + _STAGE_TEXT[stage], minimum=0) for stage in _BUDGET_STAGES),
    ]
    totals = _Table(
        "budget_portal_totals", "budget_portal_totals.csv", totals_fields, totals_rows, primary_key=["year"]
    )
    return clean, raw, totals


_RAW_TITLE = "Prefeitura Municipal de Vale Verde - Execução Orçamentária da Despesa - Exercícios 2022 a 2024"
_RAW_LABELS = (
    "Exercício",
    "Órgão (código)",
    "Órgão",
    "Função (código)",
    "Função",
    "Subfunção (código)",
    "Subfunção",
    "Programa (código)",
    "Programa",
    "Ação (código)",
    "Ação",
    "Natureza da Despesa (código)",
    "Natureza da Despesa",
    "Dotação Inicial (R$)",
    "Dotação Atualizada (R$)",
    "Empenhado (R$)",
    "Liquidado (R$)",
    "Pago (R$)",
    "Data de Referência",
)


# --------------------------------------------------------------------------------------------------
# IPCA and FOI laws (real reference data)
# --------------------------------------------------------------------------------------------------

_IBGE_SOURCE = {
    "title": "IBGE - Sistema Nacional de Índices de Preços ao Consumidor (SNIPC), IPCA: variação acumulada no ano",
    "path": "https://www.ibge.gov.br/estatisticas/economicas/precos-e-custos/9256-indice-nacional-de-precos-ao-consumidor-amplo.html",
}
_IPCA = ((2021, "10.06"), (2022, "5.79"), (2023, "4.62"), (2024, "4.83"))


def _ipca_table() -> _Table:
    source = "IBGE, SNIPC: IPCA, variação acumulada no ano"
    rows = [[str(year), value, source] for year, value in _IPCA]
    fields = [
        _field("year", "integer", "Calendar year.", unique=True, minimum=1994),
        _field("ipca_percent", "number", "IPCA change over the year (January to December), in percent."),
        _field("source", "string", "Who publishes the figure."),
    ]
    return _Table(
        "ipca",
        "ipca_annual.csv",
        fields,
        rows,
        primary_key=["year"],
        synthetic=False,
        sources=[dict(_IBGE_SOURCE)],
        licenses=[
            {
                "name": "other-at",
                "title": "Official statistics published by IBGE: free to reuse, citing IBGE as the source",
            }
        ],
    )


# Copied faithfully from /docs/reference/policy-and-law.md §3.1 and §4; ``status`` is the label the
# reference notes give the deadline facts. Appeal texts not backed by those notes say so.
_FOI_LAWS = (
    (
        "BR",
        "Lei 12.527/2011 (Lei de Acesso à Informação)",
        "2011",
        "20",
        "10",
        "calendar",
        "Recurso à autoridade hierarquicamente superior em 10 dias, decidido em 5 dias (art. 15) [secondary]",
        "planalto.gov.br/ccivil_03/_ato2011-2014/2011/lei/l12527.htm; gov.br/acessoainformacao (prazos)",
        "verified",
    ),
    (
        "MX",
        "Ley General de Transparencia y Acceso a la Información Pública (DOF 4-may-2015), art. 132; "
        "sustituida por una nueva LGTAIP (DOF 20-mar-2025)",
        "2015",
        "20",
        "10",
        "business",
        "Recurso de revisión ante el organismo garante [unverified]",
        "ieez.org.mx (LGTAIP 2015 text, 2021 reform); new law: paot.org.mx",
        "verified",
    ),
    (
        "CO",
        "Ley 1712 de 2014 (Ley de Transparencia y del Derecho de Acceso a la Información Pública Nacional)",
        "2014",
        "10",
        "",
        "business",
        "",
        "alcaldiabogota.gov.co sisjur i=56882; deadline via Ley 1755/2015 not confirmed",
        "unverified",
    ),
    (
        "CL",
        "Ley 20.285 sobre Acceso a la Información Pública",
        "2008",
        "20",
        "10",
        "business",
        "Amparo ante el Consejo para la Transparencia en 15 días hábiles",
        "bcn.cl via world.moleg.go.kr; transparencia.unap.cl",
        "verified",
    ),
    (
        "AR",
        "Ley 27.275 de Derecho de Acceso a la Información Pública",
        "2016",
        "15",
        "15",
        "business",
        "Reclamo ante la Agencia de Acceso a la Información Pública (AAIP, art. 19) [unverified]",
        "infoleg texact 265949 (principles); deadline: es.stringtranslate.com (wiki)",
        "secondary",
    ),
    (
        "UY",
        "Ley 18.381 de Acceso a la Información Pública",
        "2008",
        "20",
        "20",
        "business",
        "Acción judicial de acceso a la información pública [unverified]",
        "impo.com.uy",
        "verified",
    ),
)


def _foi_laws_table() -> _Table:
    fields = [
        _field("country", "string", "ISO 3166-1 alpha-2 country code.", unique=True, pattern="^[A-Z]{2}$"),
        _field("law", "string", "The law and, where relevant, the article that sets the deadline."),
        _field("year", "integer", "Year the law was enacted.", minimum=1900),
        _field("response_days", "integer", "Days the body has to answer a request.", minimum=1),
        _field(
            "extension_days",
            "integer",
            "Extra days allowed with a justified extension; empty when not confirmed.",
            required=False,
            minimum=0,
        ),
        _field(
            "day_type",
            "string",
            "business (working days) or calendar (consecutive days).",
            enum=["business", "calendar"],
        ),
        _field(
            "appeal",
            "string",
            "Where and how to appeal; marked [unverified] or [secondary] where the reference notes do not confirm "
            "it, and empty where they say nothing.",
            required=False,
        ),
        _field("source", "string", "Where the deadline was read."),
        _field(
            "status",
            "string",
            "How firmly the deadline is confirmed: verified (seen in an official or primary text), "
            "secondary (only in a secondary source) or unverified (general knowledge).",
            enum=["verified", "secondary", "unverified"],
        ),
    ]
    return _Table(
        "foi_laws",
        "foi_laws.csv",
        fields,
        [list(row) for row in _FOI_LAWS],
        primary_key=["country"],
        synthetic=False,
        sources=[
            {
                "title": "Brazil: Lei 12.527/2011",
                "path": "https://www.planalto.gov.br/ccivil_03/_ato2011-2014/2011/lei/l12527.htm",
            },
            {"title": "Mexico: LGTAIP 2015 (ieez.org.mx copy); new LGTAIP DOF 20-Mar-2025 (paot.org.mx)"},
            {"title": "Colombia: Ley 1712 de 2014 (alcaldiabogota.gov.co, sisjur i=56882)"},
            {"title": "Chile: Ley 20.285 (bcn.cl)"},
            {"title": "Argentina: Ley 27.275 (infoleg, texact 265949)"},
            {"title": "Uruguay: Ley 18.381 (impo.com.uy)"},
        ],
        licenses=[dict(_CC_BY)],
    )


# --------------------------------------------------------------------------------------------------
# Contracts
# --------------------------------------------------------------------------------------------------


def _cnpj(root12: str) -> str:
    """Append the two CNPJ check digits (modulo 11 with the Receita Federal weights)."""
    digits = [int(ch) for ch in root12]
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        digits.append(0 if remainder < 2 else 11 - remainder)
    return "".join(str(d) for d in digits)


_SUPPLIERS: Mapping[str, tuple[str, ...]] = {
    "works": (
        "Construtora Vale Forte Ltda",
        "Engenharia Horizonte Paulista Ltda",
        "Pavimentadora Rio Claro S.A.",
        "Construtora Três Irmãos Ltda",
        "Concreta Obras e Projetos Ltda",
        "Alicerce Engenharia e Construções Ltda",
    ),
    "health": (
        "MedNova Distribuidora Hospitalar Ltda",
        "Farmabem Comércio de Medicamentos Ltda",
        "Cirúrgica São Lucas Ltda",
        "Hospitalar Paulista Equipamentos Ltda",
    ),
    "lab": ("Laboratório de Análises Clínicas Vida Ltda", "Diagnóstika Medicina Laboratorial Ltda"),
    "school_food": ("Nutrir Alimentação Escolar Ltda", "Distribuidora de Alimentos Bom Prato Ltda"),
    "social_food": ("Distribuidora de Alimentos Bom Prato Ltda", "Cesta Certa Comércio de Alimentos Ltda"),
    "software": ("Sistemas Públicos Informática Ltda", "DataCidade Tecnologia S.A."),
    "hardware": ("Infoshop Computadores Ltda", "Digital Paulista Equipamentos de Informática Ltda"),
    "internet": ("Conecta Telecom Ltda", "Fibra Vale Telecomunicações Ltda"),
    "cleaning": ("Higieniza Serviços de Limpeza Ltda", "Limpa Bem Serviços Gerais Ltda"),
    "waste": ("Ambiental Limpeza Urbana Ltda", "Verde Vida Coleta e Reciclagem Ltda"),
    "events": ("Eventos Alegria Produções Ltda", "Palco & Som Locações Ltda"),
    "artists": (
        "Banda Sinfônica Raízes do Vale",
        "Grupo Cultural Tambores do Sol",
        "Cia. de Teatro Lona Azul",
        "Orquestra de Viola Caipira Vale Verde",
    ),
    "office": ("Papelaria Central Ltda", "Comercial Escritório Total Ltda"),
    "print": ("Gráfica e Editora Boa Impressão Ltda", "Gráfica Paulista Impressos Ltda"),
    "fuel": ("Auto Posto Vale Verde Ltda", "Posto Rodovia Paulista Ltda"),
    "fleet": ("Mecânica Diesel Forte Ltda", "Locadora Rota Paulista Ltda", "Auto Center Vale Ltda"),
    "school_transport": ("Transportes Escolares Caminho Seguro Ltda", "Rota Escolar Transportes Ltda"),
    "materials": ("Comercial Ferragens Paulista Ltda", "Materiais de Construção Bom Jesus Ltda"),
    "training": ("Instituto Gestão Pública Eficiente", "Consultoria Contábil Exata Ltda"),
    "guards": ("Vigilância Guardião Segurança Patrimonial Ltda", "Protege Vigilância e Segurança Ltda"),
    "uniforms": ("Uniformes Brasil Confecções Ltda", "Confecções Estrela Paulista Ltda"),
    "green": (
        "Viveiro Mata Atlântica Mudas Ltda",
        "Paisagismo Jardim Vivo Ltda",
        "Floresta Urbana Serviços Ambientais Ltda",
    ),
    "sports": ("Esporte Total Artigos Esportivos Ltda", "Olímpica Materiais Esportivos Ltda"),
    "traffic": ("Sinaliza Brasil Sinalização Viária Ltda", "Via Segura Engenharia de Tráfego Ltda"),
}

_NEIGHBOURHOODS = tuple(p.name for p in _PLANS)
_EVENTS = (
    "Aniversário da Cidade",
    "Festa Junina Municipal",
    "Carnaval de Rua",
    "Festival de Inverno",
    "Natal Iluminado",
    "Semana da Consciência Negra",
)


@dataclass(frozen=True)
class _ContractKind:
    sector: str
    orgaos: tuple[str, ...]
    objects: tuple[str, ...]
    low: int
    high: int
    """Value range in reais."""
    nature: str
    """works, goods, services or artistic: decides the modality and the duration."""
    weight: float


def _k(
    sector: str, orgaos: str, objects: tuple[str, ...], low: int, high: int, nature: str, weight: float
) -> _ContractKind:
    return _ContractKind(sector, tuple(orgaos.split()), objects, low, high, nature, weight)


_CONTRACT_KINDS = (
    _k(
        "works",
        "05 06 08 11 12",
        (
            "Execução de pavimentação asfáltica no bairro {bairro}",
            "Obras de drenagem de águas pluviais no bairro {bairro}",
            "Construção de creche no bairro {bairro}",
            "Reforma e ampliação de unidade básica de saúde no bairro {bairro}",
            "Construção de quadra poliesportiva coberta no bairro {bairro}",
            "Recapeamento de vias do bairro {bairro}",
        ),
        350_000,
        5_800_000,
        "works",
        10,
    ),
    _k(
        "health",
        "06",
        (
            "Aquisição de medicamentos da relação municipal de medicamentos essenciais",
            "Aquisição de material médico-hospitalar para as unidades de saúde",
            "Aquisição de insumos para o Hospital Municipal",
            "Aquisição de equipamentos médicos e odontológicos",
        ),
        150_000,
        3_800_000,
        "goods",
        50,
    ),
    _k("lab", "06", ("Prestação de serviços de exames laboratoriais",), 200_000, 1_500_000, "services", 4),
    _k(
        "school_food",
        "05",
        ("Fornecimento de gêneros alimentícios para a alimentação escolar",),
        400_000,
        3_200_000,
        "goods",
        4,
    ),
    _k(
        "social_food",
        "07",
        ("Aquisição de cestas básicas para benefícios eventuais", "Fornecimento de refeições para o abrigo municipal"),
        80_000,
        600_000,
        "goods",
        3,
    ),
    _k(
        "software",
        "03 04 05 06",
        ("Licenciamento e suporte de sistema integrado de gestão pública",),
        120_000,
        1_200_000,
        "services",
        3,
    ),
    _k(
        "hardware",
        "02 03 04 05 06 07 09 13",
        ("Aquisição de computadores e impressoras",),
        60_000,
        900_000,
        "goods",
        3,
    ),
    _k(
        "internet",
        "03 04 05 06",
        ("Serviço de acesso à internet para prédios públicos",),
        80_000,
        600_000,
        "services",
        2,
    ),
    _k(
        "cleaning",
        "03 04 05 06 07",
        ("Serviços de limpeza e conservação de prédios públicos",),
        300_000,
        2_400_000,
        "services",
        5,
    ),
    _k(
        "waste",
        "08",
        ("Coleta e transporte de resíduos sólidos urbanos", "Varrição de vias e logradouros públicos"),
        1_500_000,
        6_000_000,
        "services",
        3,
    ),
    _k(
        "events",
        "02 09 11",
        ("Locação de palco, som e iluminação para o evento {evento}",),
        60_000,
        280_000,
        "services",
        4,
    ),
    _k("artists", "09", ("Apresentação artística no evento {evento}",), 15_000, 160_000, "artistic", 5),
    _k(
        "office",
        "02 03 04 05 06 07 09 10 11 12 13",
        ("Aquisição de material de expediente", "Aquisição de mobiliário para escritório"),
        55_000,
        260_000,
        "goods",
        6,
    ),
    _k(
        "print",
        "02 03 05 06 07 09",
        ("Serviços gráficos de impressão de material informativo",),
        55_000,
        220_000,
        "services",
        3,
    ),
    _k(
        "fuel",
        "03 05 06 08 12 13",
        ("Fornecimento de combustível para a frota municipal",),
        200_000,
        2_400_000,
        "goods",
        4,
    ),
    _k(
        "fleet",
        "03 05 06 07 08 10 12 13",
        ("Manutenção preventiva e corretiva de veículos da frota", "Locação de veículos com motorista"),
        120_000,
        1_200_000,
        "services",
        4,
    ),
    _k(
        "school_transport",
        "05",
        ("Transporte escolar de alunos da zona rural",),
        500_000,
        2_400_000,
        "services",
        2,
    ),
    _k(
        "materials",
        "05 08 10",
        (
            "Aquisição de materiais de construção para manutenção de próprios municipais",
            "Aquisição de materiais elétricos para manutenção de prédios públicos",
        ),
        60_000,
        450_000,
        "goods",
        5,
    ),
    _k(
        "training",
        "02 03 04 05 06 07 13",
        ("Capacitação de servidores em gestão de contratos", "Assessoria técnica contábil e fiscal"),
        25_000,
        180_000,
        "services",
        3,
    ),
    _k(
        "guards",
        "03 05 06 13",
        ("Vigilância patrimonial desarmada em prédios públicos",),
        300_000,
        2_200_000,
        "services",
        3,
    ),
    _k(
        "uniforms",
        "05 13",
        ("Aquisição de uniformes escolares", "Aquisição de uniformes para a Guarda Civil Municipal"),
        150_000,
        1_500_000,
        "goods",
        2,
    ),
    _k(
        "green",
        "08 10 11",
        ("Aquisição de mudas de espécies nativas", "Manutenção de praças, parques e jardins"),
        60_000,
        900_000,
        "services",
        4,
    ),
    _k("sports", "11", ("Aquisição de material esportivo para as escolinhas municipais",), 55_000, 220_000, "goods", 2),
    _k("traffic", "12", ("Sinalização viária horizontal e vertical",), 250_000, 1_600_000, "services", 3),
)

# Share of the contracts each agency signs (the Câmara runs its own procurement).
_CONTRACT_SHARES = {
    "02": 0.04,
    "03": 0.10,
    "04": 0.05,
    "05": 0.18,
    "06": 0.20,
    "07": 0.06,
    "08": 0.15,
    "09": 0.05,
    "10": 0.04,
    "11": 0.04,
    "12": 0.05,
    "13": 0.04,
}

# Largest contract value (R$) of the smaller agencies: their purchases are modest, so no supplier
# dominates them by accident and the planted concentration stays the one to find.
_CONTRACT_CAPS = {
    "02": 400_000,
    "04": 900_000,
    "06": 1_800_000,
    "07": 700_000,
    "09": 400_000,
    "10": 500_000,
    "11": 600_000,
    "12": 1_200_000,
    "13": 900_000,
}

# Small direct purchases (dispensa, Lei 14.133 art. 75 II), spread out over time.
_SMALL_OBJECTS = (
    ("office", "Aquisição de material de expediente"),
    ("print", "Serviços gráficos de impressão de material informativo"),
    ("materials", "Aquisição de materiais de construção para pequenos reparos"),
    ("sports", "Aquisição de troféus e medalhas"),
    ("green", "Aquisição de mudas ornamentais"),
    ("training", "Inscrição de servidores em curso de capacitação"),
    ("events", "Locação de tendas para evento comunitário"),
)

# (supplier, órgão, object, first day, contracts): the planted split-purchase clusters.
_SPLIT_CLUSTERS = (
    (
        "Papelaria Central Ltda",
        "05",
        "Aquisição de material de expediente para as escolas municipais",
        dt.date(2023, 3, 6),
        4,
    ),
    (
        "Gráfica e Editora Boa Impressão Ltda",
        "06",
        "Serviços gráficos de impressão de material informativo",
        dt.date(2023, 8, 14),
        3,
    ),
    (
        "Eventos Alegria Produções Ltda",
        "09",
        "Locação de estrutura de palco, som e iluminação para evento",
        dt.date(2024, 5, 6),
        5,
    ),
    (
        "Comercial Ferragens Paulista Ltda",
        "08",
        "Aquisição de materiais elétricos para manutenção de prédios públicos",
        dt.date(2024, 10, 1),
        4,
    ),
)
_CONCENTRATED = ("MedNova Distribuidora Hospitalar Ltda", "06")
_PLACEHOLDER = "A DEFINIR"


@dataclass
class _Contract:
    year: int
    orgao: str
    supplier: str
    obj: str
    cents: int
    modality: str
    signed: dt.date
    start: dt.date
    end: dt.date


def _modality(rng: _Rand, nature: str, reais: float, year: int) -> str:
    if nature == "artistic":
        return "inexigibilidade"
    if nature == "works":
        # Lei 8.666/1993 could still be used until 29-Dec-2023; tomada de preços covered
        # engineering up to R$ 3,3 million (Decreto 9.412/2018) [secondary].
        if year < 2024 and reais <= 3_300_000 and rng.chance(0.6):
            return "tomada_de_precos"
        return "concorrencia"
    if nature == "goods" and reais < 700_000 and rng.chance(0.08):
        return "inexigibilidade"  # exclusive supplier (software licence, patented equipment)
    if year < 2024 and reais <= 1_430_000 and rng.chance(0.12):
        return "tomada_de_precos"
    return "pregao_eletronico"


def _contracts_table(seed: int) -> _Table:
    rng = _Rand(seed, "contracts")
    cnpjs: dict[str, str] = {}
    names = [name for group in _SUPPLIERS.values() for name in group]
    for index, name in enumerate(names):
        root = rng.integer(0, 9_999_999) if index % 6 == 2 else rng.integer(10_000_000, 99_999_999)
        branch = "0002" if rng.chance(0.1) else "0001"
        cnpjs[name] = _cnpj(f"{root:08d}{branch}")
    if len(set(cnpjs.values())) != len(cnpjs):  # pragma: no cover - a collision would be a seed bug
        raise ValueError("CNPJ collision; pick another seed")

    contracts: list[_Contract] = []
    agencies = sorted(_CONTRACT_SHARES)
    spent: dict[tuple[str, str], float] = {}
    per_year = {2022: 140, 2023: 146, 2024: 148}
    for year, count in per_year.items():
        for _ in range(count):
            orgao = rng.weighted(agencies, [_CONTRACT_SHARES[a] for a in agencies])
            kinds = [k for k in _CONTRACT_KINDS if orgao in k.orgaos]
            kind = rng.weighted(kinds, [k.weight for k in kinds])
            high = max(min(kind.high, _CONTRACT_CAPS.get(orgao, kind.high)), 2 * kind.low)
            skew = rng.unit()
            reais = kind.low + (high - kind.low) * skew * skew
            if kind.sector == "health" and rng.chance(0.75):
                supplier = _CONCENTRATED[0]
                reais *= 2.0
            else:
                candidates = [name for name in _SUPPLIERS[kind.sector] if name != _CONCENTRATED[0]]
                supplier = _rotate(rng.choice(candidates), candidates, orgao, reais, spent)
            spent[orgao, supplier] = spent.get((orgao, supplier), 0.0) + reais
            spent[orgao, ""] = spent.get((orgao, ""), 0.0) + reais
            obj = rng.choice(kind.objects).format(bairro=rng.choice(_NEIGHBOURHOODS), evento=rng.choice(_EVENTS))
            signed = rng.date(dt.date(year, 1, 10), dt.date(year, 12, 20), weekdays=True)
            contracts.append(
                _dated(
                    rng,
                    _Contract(year, orgao, supplier, obj, int(reais * 100), "", signed, signed, signed),
                    kind.nature,
                )
            )
            contracts[-1].modality = _modality(rng, kind.nature, reais, year)
        # Ordinary small direct purchases, at most one per supplier and agency per quarter.
        used: set[tuple[str, str, int]] = set()
        for _ in range(18):
            sector, obj = rng.choice(_SMALL_OBJECTS)
            supplier = rng.choice(_SUPPLIERS[sector])
            orgao = rng.choice(("02", "03", "04", "05", "06", "07", "09", "10", "11"))
            signed = rng.date(dt.date(year, 1, 10), dt.date(year, 12, 20), weekdays=True)
            quarter = (signed.month - 1) // 3
            if (supplier, orgao, quarter) in used:
                continue
            used.add((supplier, orgao, quarter))
            cents = 100 * rng.integer(3_000, 42_000) + rng.integer(0, 99)
            contracts.append(
                _dated(rng, _Contract(year, orgao, supplier, obj, cents, "dispensa", signed, signed, signed), "goods")
            )

    _plant_concentration(contracts)
    for supplier, orgao, obj, first, count in _SPLIT_CLUSTERS:
        day = first
        for _ in range(count):
            cents = 100 * rng.integer(48_600, 49_950) + rng.integer(0, 99)
            contracts.append(
                _dated(rng, _Contract(day.year, orgao, supplier, obj, cents, "dispensa", day, day, day), "goods")
            )
            day = day + dt.timedelta(days=rng.integer(4, 8))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)

    rows: list[list[str]] = []
    for year in (2022, 2023, 2024):
        mine = sorted((c for c in contracts if c.year == year), key=lambda c: c.signed)
        if year == 2023:
            # The placeholder got an id in the middle of the year, when someone opened the record.
            day_zero = dt.date(1900, 1, 1)
            blank = _Contract(
                2023, "08", _PLACEHOLDER, _PLACEHOLDER, 999_999_999, "pregao_eletronico", day_zero, day_zero, day_zero
            )
            mine.insert(rng.integer(len(mine) // 3, 2 * len(mine) // 3), blank)
        for number, c in enumerate(mine, start=1):
            cnpj = "0" * 14 if c.supplier == _PLACEHOLDER else cnpjs[c.supplier]
            rows.append(
                [
                    f"CT-{year}-{number:04d}",
                    str(c.year),
                    _ORGAOS[c.orgao],
                    c.supplier,
                    cnpj,
                    c.obj,
                    _money(c.cents),
                    c.modality,
                    c.signed.isoformat(),
                    c.start.isoformat(),
                    c.end.isoformat(),
                ]
            )
    fields = [
        _field(
            "contract_id",
            "string",
            "Contract number CT-<year>-<sequence>.",
            unique=True,
            pattern="^CT-20[0-9]{2}-[0-9]{4}$",
        ),
        _field("year", "integer", "Year of the contract number.", minimum=2022, maximum=2024),
        _field("orgao", "string", "Contracting agency (órgão).", enum=sorted(_ORGAOS.values())),
        _field("supplier", "string", "Supplier's company name (razão social)."),
        _field(
            "supplier_cnpj",
            "string",
            "Supplier's CNPJ, 14 digits with valid check digits, kept as text so leading zeros survive.",
            pattern="^[0-9]{14}$",
        ),
        _field("object", "string", "What was contracted (objeto)."),
        _field("value_brl", "number", "Contract value in reais (R$).", minimum=0),
        _field(
            "modality",
            "string",
            "Procurement modality: pregao_eletronico (electronic reverse auction), concorrencia (open "
            "tender), tomada_de_precos (price survey, Lei 8.666/1993, only before 2024), dispensa (direct "
            "award, e.g. low value) or inexigibilidade (competition impossible, e.g. an artist).",
            enum=["pregao_eletronico", "dispensa", "inexigibilidade", "concorrencia", "tomada_de_precos"],
        ),
        _field(
            "signed_date",
            "date",
            "Date the contract was signed. No lower limit on purpose: the placeholder row has 1900-01-01.",
        ),
        _field("start_date", "date", "Start of the contract term."),
        _field("end_date", "date", "End of the contract term."),
    ]
    return _Table("contracts", "contracts.csv", fields, rows, primary_key=["contract_id"])


def _plant_concentration(contracts: list[_Contract], target: float = 0.6) -> None:
    """Make the planted supplier hold at least ``target`` of its agency's contracted value.

    Random draws alone leave the share anywhere between 40% and 70%; handing it the agency's other
    health-supply contracts, largest first, makes the finding equally clear for every seed.
    """
    supplier, orgao = _CONCENTRATED
    mine = [c for c in contracts if c.orgao == orgao]
    total = sum(c.cents for c in mine)
    held = sum(c.cents for c in mine if c.supplier == supplier)
    rivals = sorted(
        (c for c in mine if c.supplier in _SUPPLIERS["health"] and c.supplier != supplier),
        key=lambda c: (-c.cents, c.signed),
    )
    for contract in rivals:
        if held >= target * total:
            break
        contract.supplier = supplier
        held += contract.cents


def _rotate(
    supplier: str, candidates: Sequence[str], orgao: str, reais: float, spent: Mapping[tuple[str, str], float]
) -> str:
    """Keep ordinary suppliers below 30% of an agency's value, as a rotating market would.

    Without this, one large contract in a small agency would look like the planted concentration.
    Once the agency has some history, a supplier that would pass 30% gives way to the candidate
    with the least business there.
    """
    total = spent.get((orgao, ""), 0.0) + reais
    if spent.get((orgao, ""), 0.0) < 1_500_000 or spent.get((orgao, supplier), 0.0) + reais <= 0.3 * total:
        return supplier
    return min(candidates, key=lambda name: (spent.get((orgao, name), 0.0), name))


def _dated(rng: _Rand, contract: _Contract, nature: str) -> _Contract:
    contract.start = contract.signed + dt.timedelta(days=rng.integer(0, 15))
    months = {"works": (6, 24), "goods": (2, 12), "services": (12, 24), "artistic": (0, 0)}[nature]
    days = 1 if months == (0, 0) else 30 * rng.integer(*months)
    contract.end = contract.start + dt.timedelta(days=days)
    return contract


# --------------------------------------------------------------------------------------------------
# Access to information requests
# --------------------------------------------------------------------------------------------------

# agency: (share of requests, probability of answering late, topics)
_FOI_AGENCIES = {
    "06": (0.20, 0.21, ("health", "contracts", "staff_salaries", "budget")),
    "05": (0.15, 0.08, ("education", "staff_salaries", "contracts")),
    "08": (0.15, 0.27, ("public_works", "contracts", "urban_planning", "budget")),
    "04": (0.10, 0.08, ("budget", "taxes", "contracts")),
    "03": (0.10, 0.10, ("staff_salaries", "contracts", "other")),
    "02": (0.06, 0.05, ("other", "budget")),
    "07": (0.06, 0.12, ("social_assistance", "budget")),
    "10": (0.05, 0.10, ("environment", "urban_planning")),
    "12": (0.06, 0.20, ("transport", "contracts", "public_works")),
    "09": (0.02, 0.05, ("culture", "contracts")),
    "11": (0.02, 0.05, ("sport", "other")),
    "13": (0.03, 0.12, ("public_safety", "staff_salaries")),
}
_TOPICS = sorted({topic for _, _, topics in _FOI_AGENCIES.values() for topic in topics})


def _foi_table(seed: int) -> _Table:
    rng = _Rand(seed, "foi_requests")
    agencies = sorted(_FOI_AGENCIES)
    shares = [_FOI_AGENCIES[a][0] for a in agencies]
    requests = []
    for year, count in ((2023, 430), (2024, 468)):
        for _ in range(count):
            agency = rng.weighted(agencies, shares)
            _, late_rate, topics = _FOI_AGENCIES[agency]
            channel = rng.weighted(("esic", "email", "presencial"), (0.7, 0.18, 0.12))
            opened = rng.date(dt.date(year, 1, 2), dt.date(year, 12, 31), weekdays=channel == "presencial")
            late = rng.chance(late_rate)
            extension = rng.chance(0.5 if late else 0.2)
            deadline = 30 if extension else 20
            if late:
                days = deadline + rng.integer(1, 45)
            elif extension:
                days = rng.integer(21, 30)
            else:
                quick = rng.unit()
                days = min(20, 1 + int(20 * quick * math.sqrt(quick)))
            answered: dt.date | None = opened + dt.timedelta(days=days)
            forgotten = rng.chance(0.012)
            if forgotten or (answered is not None and answered > AS_OF):
                answered = None
            if answered is None:
                status = "pending"
            else:
                status = rng.weighted(("answered", "partially_answered", "denied"), (0.78, 0.12, 0.10))
            overdue = (answered or AS_OF) > opened + dt.timedelta(days=deadline)
            appeal_chance = {"denied": 0.55, "partially_answered": 0.35, "pending": 0.4 if overdue else 0.0}
            appeal = rng.chance(appeal_chance.get(status, 0.1 if overdue else 0.02))
            outcome = ""
            if appeal:
                decided_by = (answered or opened + dt.timedelta(days=deadline)) + dt.timedelta(days=20)
                outcome = "pending" if decided_by > AS_OF else ("granted" if rng.chance(0.4) else "denied")
            requests.append((opened, agency, rng.choice(topics), channel, status, answered, extension, appeal, outcome))
    requests.sort(key=lambda r: r[0])
    counters = {2023: 0, 2024: 0}
    rows = []
    for opened, agency, topic, channel, status, answered, extension, appeal, outcome in requests:
        counters[opened.year] += 1
        rows.append(
            [
                f"LAI-{opened.year}-{counters[opened.year]:04d}",
                opened.isoformat(),
                _ORGAOS[agency],
                topic,
                channel,
                status,
                "" if answered is None else answered.isoformat(),
                _bool(extension),
                _bool(appeal),
                outcome,
            ]
        )
    fields = [
        _field(
            "request_id",
            "string",
            "Request protocol LAI-<year>-<sequence>.",
            unique=True,
            pattern="^LAI-20[0-9]{2}-[0-9]{4}$",
        ),
        _field("opened_date", "date", "Date the request was filed.", minimum="2023-01-01", maximum="2024-12-31"),
        _field("agency", "string", "Agency (órgão) that must answer.", enum=sorted(_ORGAOS.values())),
        _field("topic", "string", "Subject of the request.", enum=_TOPICS),
        _field(
            "channel",
            "string",
            "How it was filed: esic (online system), presencial (in person) or email.",
            enum=["esic", "presencial", "email"],
        ),
        _field(
            "status",
            "string",
            "Situation on 2024-12-31: answered, partially_answered, denied or pending.",
            enum=["answered", "partially_answered", "denied", "pending"],
        ),
        _field("answered_date", "date", "Date of the answer; empty while pending.", required=False),
        _field(
            "extension_used",
            "boolean",
            "Whether the agency used the 10-day extension of Lei 12.527/2011 art. 11 §2.",
        ),
        _field("appeal_filed", "boolean", "Whether the requester appealed (recurso)."),
        _field(
            "appeal_outcome",
            "string",
            "Result of the appeal: granted, denied or pending; empty when there was no appeal.",
            required=False,
            enum=["granted", "denied", "pending"],
        ),
    ]
    return _Table("foi_requests", "foi_requests.csv", fields, rows, primary_key=["request_id"])


# --------------------------------------------------------------------------------------------------
# Open data catalogue
# --------------------------------------------------------------------------------------------------

# (dataset_id, title, agency, format, licence, frequency, fresh, dictionary)
_CATALOG = (
    ("despesas-execucao", "Execução orçamentária da despesa", "04", "CSV", "CC-BY-4.0", "monthly", True, True),
    ("receitas-arrecadacao", "Receitas arrecadadas", "04", "CSV", "CC-BY-4.0", "monthly", True, True),
    ("contratos", "Contratos e aditivos", "03", "CSV", "CC-BY-4.0", "monthly", True, True),
    ("licitacoes", "Licitações em andamento e concluídas", "03", "JSON", "CC-BY-4.0", "monthly", True, False),
    ("folha-pagamento", "Remuneração dos servidores", "03", "CSV", "CC-BY-4.0", "monthly", True, True),
    ("diarias", "Diárias e passagens pagas", "04", "PDF", "nao_informada", "monthly", False, False),
    (
        "iptu-valores-venais",
        "Planta genérica de valores do IPTU",
        "04",
        "XLSX",
        "nao_informada",
        "yearly",
        False,
        False,
    ),
    ("escolas", "Escolas municipais e matrículas", "05", "CSV", "CC-BY-4.0", "yearly", True, True),
    ("ideb-escolas", "Resultados do IDEB por escola", "05", "XLSX", "CC-BY-4.0", "yearly", False, False),
    ("merenda-cardapio", "Cardápio da alimentação escolar", "05", "PDF", "nao_informada", "monthly", True, False),
    ("transporte-escolar-rotas", "Rotas do transporte escolar", "05", "SHP", "ODbL-1.0", "yearly", False, True),
    ("ubs-enderecos", "Unidades de saúde: endereços e horários", "06", "CSV", "CC-BY-4.0", "quarterly", True, True),
    (
        "filas-consultas",
        "Fila de espera por consultas especializadas",
        "06",
        "HTML",
        "nao_informada",
        "monthly",
        False,
        False,
    ),
    ("vacinacao-doses", "Doses de vacina aplicadas", "06", "CSV", "CC0-1.0", "monthly", True, True),
    ("dengue-casos", "Casos de dengue por bairro", "06", "CSV", "CC-BY-4.0", "monthly", False, True),
    (
        "medicamentos-estoque",
        "Estoque de medicamentos da farmácia municipal",
        "06",
        "PDF",
        "nao_informada",
        "monthly",
        False,
        False,
    ),
    ("cras-atendimentos", "Atendimentos nos CRAS", "07", "XLSX", "CC-BY-4.0", "quarterly", False, False),
    (
        "cadastro-unico-bairros",
        "Famílias no Cadastro Único por bairro",
        "07",
        "CSV",
        "CC-BY-4.0",
        "quarterly",
        True,
        True,
    ),
    ("obras-andamento", "Obras públicas em andamento", "08", "CSV", "CC-BY-4.0", "monthly", False, True),
    ("coleta-lixo-rotas", "Roteiro da coleta de lixo", "08", "PDF", "nao_informada", "irregular", False, False),
    ("iluminacao-pontos", "Pontos de iluminação pública", "08", "SHP", "ODbL-1.0", "yearly", True, True),
    (
        "zeladoria-solicitacoes",
        "Solicitações de zeladoria (buracos, poda, lixo)",
        "08",
        "JSON",
        "CC0-1.0",
        "monthly",
        True,
        True,
    ),
    ("bairros-limites", "Limites dos bairros", "08", "SHP", "ODbL-1.0", "irregular", True, True),
    ("agenda-cultural", "Agenda cultural", "09", "HTML", "nao_informada", "monthly", True, False),
    ("bibliotecas-acervo", "Acervo das bibliotecas municipais", "09", "CSV", "CC-BY-4.0", "yearly", False, True),
    ("arvores-inventario", "Inventário de árvores urbanas", "10", "CSV", "CC-BY-4.0", "yearly", False, True),
    ("licencas-ambientais", "Licenças ambientais emitidas", "10", "PDF", "nao_informada", "monthly", False, False),
    ("qualidade-agua-rios", "Qualidade da água dos córregos", "10", "XLSX", "nao_informada", "quarterly", False, False),
    ("quadras-esportivas", "Quadras e equipamentos esportivos", "11", "CSV", "CC-BY-4.0", "irregular", True, False),
    ("onibus-linhas", "Linhas e horários de ônibus", "12", "JSON", "CC-BY-4.0", "monthly", True, True),
    ("onibus-gtfs", "Transporte coletivo em formato GTFS", "12", "CSV", "ODbL-1.0", "monthly", False, True),
    ("acidentes-transito", "Acidentes de trânsito com vítimas", "12", "CSV", "nao_informada", "yearly", False, False),
    ("multas-transito", "Autuações de trânsito", "12", "PDF", "nao_informada", "monthly", False, False),
    (
        "guarda-ocorrencias",
        "Ocorrências atendidas pela Guarda Civil",
        "13",
        "XLSX",
        "nao_informada",
        "monthly",
        False,
        False,
    ),
    (
        "defesa-civil-areas-risco",
        "Áreas de risco mapeadas pela Defesa Civil",
        "13",
        "SHP",
        "CC-BY-4.0",
        "yearly",
        True,
        True,
    ),
    ("lai-pedidos", "Pedidos de acesso à informação", "02", "CSV", "CC-BY-4.0", "monthly", True, True),
    ("agenda-prefeito", "Agenda do prefeito", "02", "HTML", "nao_informada", "irregular", True, False),
    ("leis-municipais", "Legislação municipal", "01", "PDF", "CC-BY-4.0", "irregular", True, False),
    ("vereadores-presenca", "Presença dos vereadores nas sessões", "01", "CSV", "CC0-1.0", "monthly", False, True),
    (
        "orcamento-participativo",
        "Orçamento participativo: projetos e votos",
        "02",
        "CSV",
        "CC-BY-4.0",
        "yearly",
        True,
        True,
    ),
)
_FREQUENCY_DAYS = {"monthly": 31, "quarterly": 92, "yearly": 366, "irregular": 540}


def _catalog_table(seed: int) -> _Table:
    rng = _Rand(seed, "open_data_catalog")
    rows = []
    for dataset_id, title, agency, fmt, licence, frequency, fresh, dictionary in _CATALOG:
        period = _FREQUENCY_DAYS[frequency]
        age = rng.integer(1, period) if fresh else period + rng.integer(60, 1200)
        rows.append(
            [
                dataset_id,
                title,
                _ORGAOS[agency],
                fmt,
                licence,
                frequency,
                (AS_OF - dt.timedelta(days=age)).isoformat(),
                _bool(dictionary),
                _bool(fmt not in ("PDF", "HTML")),
            ]
        )
    fields = [
        _field(
            "dataset_id",
            "string",
            "Short identifier of the dataset in the portal.",
            unique=True,
            pattern="^[a-z0-9-]+$",
        ),
        _field("title", "string", "Dataset title as shown in the portal (Portuguese)."),
        _field("owner_agency", "string", "Agency responsible for the dataset.", enum=sorted(_ORGAOS.values())),
        _field("format", "string", "File format offered.", enum=["CSV", "XLSX", "JSON", "PDF", "SHP", "HTML"]),
        _field(
            "license",
            "string",
            "Licence; nao_informada means the portal states none.",
            enum=["CC-BY-4.0", "ODbL-1.0", "CC0-1.0", "nao_informada"],
        ),
        _field(
            "update_frequency",
            "string",
            "Declared update frequency.",
            enum=["monthly", "quarterly", "yearly", "irregular"],
        ),
        _field("last_updated", "date", "Date of the last update (as of 2024-12-31).", maximum="2024-12-31"),
        _field("has_data_dictionary", "boolean", "Whether a data dictionary documents the columns."),
        _field("machine_readable", "boolean", "Whether software can read the data directly (not PDF or HTML)."),
    ]
    return _Table("open_data_catalog", "open_data_catalog.csv", fields, rows, primary_key=["dataset_id"])


# --------------------------------------------------------------------------------------------------
# Participatory budget 2024
# --------------------------------------------------------------------------------------------------

# (title, district, category, cost low, cost high): cost ranges in reais.
_PB_PROJECTS = (
    ("Reforma da Praça da Matriz", "01", "green_spaces", 300_000, 700_000),
    ("Acessibilidade nas calçadas do Centro", "01", "urban_mobility", 500_000, 1_200_000),
    ("Biblioteca comunitária 24 horas", "01", "culture", 200_000, 500_000),
    ("Ciclofaixa da Avenida Brasil", "02", "urban_mobility", 600_000, 1_400_000),
    ("Academia ao ar livre na Praça Bela Vista", "02", "sport", 80_000, 160_000),
    ("Centro-dia para idosos", "02", "social_assistance", 900_000, 1_800_000),
    ("Cobertura da quadra da EMEF da Vila Operária", "03", "sport", 350_000, 650_000),
    ("Creche noturna para mães trabalhadoras", "03", "education", 1_200_000, 2_200_000),
    ("Iluminação de LED nas ruas da Vila Operária", "03", "urban_mobility", 500_000, 900_000),
    ("Centro cultural da Vila Operária", "03", "culture", 900_000, 1_700_000),
    ("Praça e parquinho da Rua do Trabalho", "03", "green_spaces", 250_000, 500_000),
    ("Ampliação da UBS Vila Operária", "03", "health", 800_000, 1_400_000),
    ("Horta comunitária no Jardim das Flores", "04", "green_spaces", 80_000, 150_000),
    ("Reforma do campo de futebol do Jardim das Flores", "04", "sport", 200_000, 450_000),
    ("Pista de caminhada no Jardim Primavera", "05", "green_spaces", 150_000, 350_000),
    ("Laboratório de informática na EMEF do Jardim Primavera", "05", "education", 120_000, 260_000),
    ("Pavimentação da Estrada da Vila Nova", "06", "urban_mobility", 1_500_000, 2_500_000),
    ("Cursinho popular pré-vestibular", "06", "education", 90_000, 180_000),
    ("Parque linear do Córrego Boa Vista", "07", "green_spaces", 1_200_000, 2_300_000),
    ("Festival de música nos bairros", "08", "culture", 100_000, 200_000),
    ("Abrigo de ônibus com cobertura no Jardim Santa Rita", "09", "urban_mobility", 120_000, 250_000),
    ("Quadra de areia no Jardim Santa Rita", "09", "sport", 80_000, 160_000),
    ("Canalização do córrego do Parque dos Eucaliptos", "10", "sanitation", 1_400_000, 2_400_000),
    ("Ecoponto para entulho e recicláveis", "10", "sanitation", 200_000, 420_000),
    ("Escola de música para jovens em Águas Claras", "11", "culture", 150_000, 320_000),
    ("Posto de saúde da família em Águas Claras", "11", "health", 900_000, 1_600_000),
    ("Rede de esgoto na Rua Santa Luzia", "12", "sanitation", 700_000, 1_300_000),
    ("Creche no Jardim Santa Luzia", "12", "education", 1_300_000, 2_300_000),
    ("Centro de convivência para adolescentes", "12", "social_assistance", 400_000, 800_000),
    ("Pista de skate no Conjunto Esperança", "13", "sport", 150_000, 300_000),
    ("Cozinha comunitária do Conjunto Esperança", "13", "social_assistance", 250_000, 500_000),
    ("Iluminação e segurança no caminho da escola", "13", "urban_mobility", 300_000, 600_000),
    ("Nova Unidade Básica de Saúde no Jardim Morada do Sol", "14", "health", 3_950_000, 4_150_000),
    ("Drenagem da Rua da Morada do Sol", "14", "sanitation", 600_000, 1_100_000),
    ("Praça com brinquedos acessíveis na Morada do Sol", "14", "green_spaces", 150_000, 300_000),
    ("Ampliação da EMEF da Vila São José", "15", "education", 900_000, 1_600_000),
    ("Linha de ônibus noturna até a Vila São José", "15", "urban_mobility", 250_000, 500_000),
    ("Cinema na praça: sessões gratuitas", "15", "culture", 80_000, 140_000),
    ("Cinturão verde do Parque Industrial", "16", "green_spaces", 300_000, 650_000),
    ("Farmácia popular municipal no Parque Industrial", "16", "health", 400_000, 800_000),
)
_PB_CATEGORIES = (
    "health",
    "education",
    "urban_mobility",
    "green_spaces",
    "culture",
    "sport",
    "social_assistance",
    "sanitation",
)
_AGE_GROUPS = ("16-24", "25-39", "40-59", "60+")
# Which categories each age group leans towards (multiplies a project's appeal).
_AGE_TASTE = {
    "16-24": {"sport": 2.2, "culture": 2.0, "urban_mobility": 1.5, "education": 1.3},
    "25-39": {"education": 2.0, "urban_mobility": 1.4, "green_spaces": 1.3},
    "40-59": {"health": 1.6, "sanitation": 1.6, "urban_mobility": 1.2},
    "60+": {"health": 2.4, "social_assistance": 1.8, "green_spaces": 1.3},
}
_MOBILISED = "03"


def _neighbours(a: _DistrictPlan, b: _DistrictPlan) -> bool:
    return abs(a.row - b.row) + abs(a.col - b.col) == 1


def _pb_tables(seed: int, geo: _Geography) -> tuple[_Table, _Table, str]:
    rng = _Rand(seed, "pb")
    projects = []
    for number, (title, district_id, category, low, high) in enumerate(_PB_PROJECTS, start=1):
        cost = 1000 * rng.integer(low // 1000, high // 1000)
        lon, lat = geo.point_in(rng, geo.by_id(district_id))
        appeal = rng.uniform(0.6, 1.6)
        projects.append((str(number), title, district_id, category, cost, lat, lon, appeal))

    plans = {p.district_id: p for p in _PLANS}
    district_ids = sorted(plans)
    # Turnout: the mobilised district votes 4x its size; the poor periphery votes less.
    turnout = [
        geo.by_id(d).population * (4.0 if d == _MOBILISED else (0.7 if plans[d].income < 2500 else 1.0))
        for d in district_ids
    ]
    slate = [p for p in projects if p[2] == _MOBILISED]
    ballots = []
    for number in range(1, 6001):
        home = rng.weighted(district_ids, turnout)
        age = rng.weighted(_AGE_GROUPS, (0.2, 0.33, 0.3, 0.17))
        if number % 857 == 0:
            ballots.append((f"V{number:05d}", home, age, []))  # a blank ballot
            continue
        if home == _MOBILISED and rng.chance(0.85):
            chosen = [p for p in slate if rng.chance(0.88)]
            if len(chosen) < 6 and rng.chance(0.3):
                chosen.append(rng.choice([p for p in projects if p[2] != _MOBILISED]))
            if not chosen:
                chosen = [rng.choice(slate)]
        else:
            size = rng.weighted((1, 2, 3, 4, 5, 6), (0.1, 0.15, 0.25, 0.2, 0.15, 0.15))
            weights = []
            for p in projects:
                w = p[7] * _AGE_TASTE[age].get(p[3], 1.0)
                if p[2] == home:
                    w *= 9.0
                elif _neighbours(plans[p[2]], plans[home]):
                    w *= 2.5
                weights.append(w)
            pool = list(projects)
            chosen = []
            for _ in range(size):
                pick = rng.weighted(range(len(pool)), weights)
                chosen.append(pool.pop(pick))
                weights.pop(pick)
        ids = sorted({p[0] for p in chosen}, key=int)
        ballots.append((f"V{number:05d}", home, age, ids))

    votes = {p[0]: 0 for p in projects}
    for ballot in ballots:
        for pid in ballot[3]:
            votes[pid] += 1
    # Greedy by votes, as Pabulib's "greedy" rule: most votes first, skip what no longer fits.
    selected: set[str] = set()
    left = PB_BUDGET_BRL
    for p in sorted(projects, key=lambda p: (-votes[p[0]], int(p[0]))):
        if p[4] <= left:
            selected.add(p[0])
            left -= p[4]

    project_rows = [[p[0], p[1], p[2], p[3], str(p[4]), _fixed(p[5], 6), _fixed(p[6], 6)] for p in projects]
    project_fields = [
        _field(
            "project_id",
            "string",
            'Project number "1" to "40", as text (as in the Pabulib file).',
            unique=True,
            pattern="^[0-9]+$",
        ),
        _field("title", "string", "Project title as on the ballot (Portuguese)."),
        _field("district_id", "string", _DISTRICT_ID + " District where the project would be built."),
        _field("category", "string", "Policy area of the project.", enum=list(_PB_CATEGORIES)),
        _field("cost_brl", "integer", "Estimated cost in reais (R$).", minimum=1),
        _field("lat", "number", "Latitude (WGS84).", minimum=-90, maximum=90),
        _field("lon", "number", "Longitude (WGS84).", minimum=-180, maximum=180),
    ]
    pb_projects = _Table(
        "pb_projects",
        "pb_projects.csv",
        project_fields,
        project_rows,
        primary_key=["project_id"],
        foreign_keys=[_district_fk()],
        extra={"budget_brl": PB_BUDGET_BRL},
    )
    ballot_rows = [[v, d, age, ";".join(ids)] for v, d, age, ids in ballots]
    ballot_fields = [
        _field("voter_id", "string", "Anonymous voter number.", unique=True, pattern="^V[0-9]{5}$"),
        _field("district_id", "string", _DISTRICT_ID + " District where the voter lives."),
        _field("age_group", "string", "Age group of the voter.", enum=list(_AGE_GROUPS)),
        _field(
            "approved",
            "string",
            'Approved project ids separated by ";" (1 to 6); empty for a blank ballot.',
            required=False,
            pattern="^[0-9]+(;[0-9]+){0,5}$",
        ),
    ]
    pb_ballots = _Table(
        "pb_ballots",
        "pb_ballots.csv",
        ballot_fields,
        ballot_rows,
        primary_key=["voter_id"],
        foreign_keys=[_district_fk()],
    )

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    meta = (
        (
            "description",
            "Synthetic data: Vale Verde (SP) participatory budget 2024, a fictional teaching city (civic-kit)",
        ),
        ("country", "Brazil"),
        ("unit", "Vale Verde"),
        ("instance", "2024"),
        ("num_projects", str(len(projects))),
        ("num_votes", str(len(ballots))),
        ("budget", str(PB_BUDGET_BRL)),
        ("vote_type", "approval"),
        ("rule", "greedy"),
        ("date_begin", "01.09.2024"),
        ("date_end", "30.09.2024"),
        ("max_length", "6"),
        ("language", "pt-BR"),
        ("currency", "BRL"),
        ("edition", "2024"),
        ("comment", "#1: synthetic, generated by civic_kit/data/generate.py - empty votes are blank ballots"),
    )
    for key, value in meta:
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    writer.writerow(
        ["project_id", "cost", "votes", "name", "category", "district", "latitude", "longitude", "selected"]
    )
    for p in projects:
        pid = p[0]
        chosen = "1" if pid in selected else "0"
        writer.writerow([pid, str(p[4]), str(votes[pid]), p[1], p[3], p[2], _fixed(p[5], 6), _fixed(p[6], 6), chosen])
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", "district", "age_group"])
    for v, d, age, ids in ballots:
        writer.writerow([v, ",".join(ids), d, age])
    return pb_projects, pb_ballots, out.getvalue()


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


def _csv_bytes(table: _Table) -> bytes:
    out = io.StringIO()
    if table.name == "budget_execution_raw":
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([_RAW_TITLE, ""])
        for row in ([f["name"] for f in table.fields], *table.rows):
            writer.writerow([*row, ""])  # the portal ends every line with a separator
        return out.getvalue().encode("cp1252")
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow([f["name"] for f in table.fields])
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8")


def _file_stats(data: bytes) -> dict[str, Any]:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _table_descriptor(table: _Table, data: bytes) -> dict[str, Any]:
    texts = RESOURCE_TEXTS[table.name]
    schema: dict[str, Any] = {"fields": table.fields}
    if table.primary_key:
        schema["primaryKey"] = table.primary_key
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    extra = dict(table.extra)
    if "fieldsMatch" in extra:
        schema["fieldsMatch"] = extra.pop("fieldsMatch")
    descriptor: dict[str, Any] = {
        "name": table.name,
        "path": table.path,
        "title": texts["title"][2],
        "description": texts["description"][2],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "synthetic": table.synthetic,
        "sources": table.sources,
        "licenses": table.licenses,
        "schema": schema,
        **_file_stats(data),
    }
    descriptor.update(extra)
    return descriptor


def _file_descriptor(name: str, path: str, fmt: str, mediatype: str, data: bytes, **extra: Any) -> dict[str, Any]:
    texts = RESOURCE_TEXTS[name]
    return {
        "name": name,
        "path": path,
        "title": texts["title"][2],
        "description": texts["description"][2],
        "format": fmt,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "synthetic": True,
        "sources": [dict(_SYNTHETIC_SOURCE)],
        "licenses": [dict(_CC_BY)],
        **_file_stats(data),
        **extra,
    }


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every Vale Verde dataset and its ``datapackage.json`` into ``out_dir``.

    The output depends only on ``seed``: the committed files are ``generate(<package>/datasets)``
    with :data:`DEFAULT_SEED`, and a test checks that a fresh run reproduces them byte for byte.

    Parameters
    ----------
    out_dir : Path
        Folder to write into; created if missing. Existing files with the same names are replaced.
    seed : int, default 20261127
        Seed of every random draw. A different seed gives a different, equally plausible city.

    Returns
    -------
    list[Path]
        The files written, ``datapackage.json`` last.

    Raises
    ------
    CivicKitError
        ``dataset-bad-seed`` when ``seed`` is not a whole number of zero or more.

    Example
    -------
    >>> from pathlib import Path
    >>> from tempfile import mkdtemp
    >>> paths = generate(Path(mkdtemp()))
    >>> paths[-1].name
    'datapackage.json'
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        from civic_kit.problems import CivicKitError

        raise CivicKitError.of("dataset-bad-seed", value=str(seed))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    geo = _build_geography(seed)
    districts = _districts_table(geo)
    clean, raw, totals = _budget_tables(seed)
    pb_projects, pb_ballots, pabulib = _pb_tables(seed, geo)
    geojson = _districts_geojson(geo).encode("utf-8")
    pabulib_bytes = pabulib.encode("utf-8")

    tables = [
        districts,
        _grid_table(geo),
        _facilities_table(seed, geo),
        clean,
        raw,
        totals,
        _ipca_table(),
        _contracts_table(seed),
        _foi_table(seed),
        _catalog_table(seed),
        pb_projects,
        pb_ballots,
        _foi_laws_table(),
    ]
    written: list[Path] = []
    resources: list[dict[str, Any]] = []

    def write(name: str, data: bytes) -> None:
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)

    for table in tables:
        data = _csv_bytes(table)
        write(table.path, data)
        resources.append(_table_descriptor(table, data))
        if table.name == "districts":
            write("districts.geojson", geojson)
            resources.append(
                _file_descriptor(
                    "districts_geojson",
                    "districts.geojson",
                    "geojson",
                    "application/geo+json",
                    geojson,
                    crs="EPSG:4326",
                    properties_from="districts",
                )
            )
        if table.name == "pb_ballots":
            write("pb_vale_verde_2024.pb", pabulib_bytes)
            resources.append(
                _file_descriptor(
                    "pb_pabulib",
                    "pb_vale_verde_2024.pb",
                    "pb",
                    "text/plain",
                    pabulib_bytes,
                    budget_brl=PB_BUDGET_BRL,
                )
            )

    package = {
        "name": "vale-verde",
        "title": RESOURCE_TEXTS["package"]["title"][2],
        "description": RESOURCE_TEXTS["package"]["description"][2],
        "version": "1.0.0",
        "keywords": ["civic-kit", "synthetic data", "teaching", "Brazil", "municipal budget", "open data"],
        "licenses": [dict(_CC_BY)],
        "sources": [dict(_SYNTHETIC_SOURCE), dict(_IBGE_SOURCE)],
        "city": {**CITY, "center_lat": _Number("-22.55"), "center_lon": _Number("-47.90"), "seed": seed},
        "as_of": AS_OF.isoformat(),
        "resources": resources,
    }
    write("datapackage.json", (_json_text(package) + "\n").encode("utf-8"))
    return written


def _sync_messages() -> None:  # pragma: no cover - developer helper, run after editing RESOURCE_TEXTS
    """Write the dataset titles and descriptions into the ``datasets`` message domain."""
    from civic_kit.i18n.authoring import add_messages

    messages: dict[str, tuple[str, str, str]] = {}
    for name, texts in RESOURCE_TEXTS.items():
        for part in ("title", "description"):
            messages[f"datasets.{name}.{part}"] = texts[part]
    add_messages("datasets", messages)
