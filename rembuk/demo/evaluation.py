"""Demo livelihood assets profiles for a few pilot desa (seed_demo), for the story's year and
recorded a month before its first meeting. Idempotent: a desa that already has a profile for
the year is left as it is.

The figures are illustrative, not statistics: sized like small coastal villages of Kodi
Balaghar (Sumba Barat Daya: dry land, maize, a long dry season, seaweed and fishing) and Teluk
Waru (Seram Bagian Timur: fishing, copra, nutmeg and cloves, sago, the east-monsoon waves).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from rembuk.demo.calendar import DemoCalendar
from rembuk.evaluation import services
from rembuk.evaluation.models import LivelihoodAssets
from rembuk.regions.models import Region

RECORDED_ON = datetime.date(2024, 2, 27)  # as the story dates it

DEMO_ASSETS: dict[str, dict[str, Any]] = {
    "53.18.11.2006": {  # Wainyapu, Kodi Balaghar
        "households": 412,
        "poor_households": 187,
        "producer_groups": 9,
        "bumdes_units": 1,
        "clean_water_households": 160,
        "human": "Sebagian besar petani lahan kering dan nelayan; 3 kader posyandu aktif; "
        "pemuda banyak merantau ke Bali dan Kalimantan.",
        "natural": "Lahan kering untuk jagung dan kacang hijau; pesisir untuk rumput laut; "
        "padang untuk ternak babi, kerbau dan kuda.",
        "financial": "Dana Desa; arisan dan kelompok simpan pinjam perempuan; sebagian warga "
        "masih meminjam ke rentenir menjelang musim tanam.",
        "physical": "Jalan desa sebagian rusak; 2 embung; sumur gali kering di musim kemarau; "
        "belum ada gudang penyimpanan jagung.",
        "social": "Kampung adat dan gotong royong kuat; 6 kelompok tani, 3 kelompok nelayan; "
        "Pasola memperkuat ikatan antar kampung.",
        "shocks": "Kemarau panjang 2023 (El Niño); serangan hama ulat grayak pada jagung; "
        "flu babi Afrika menghabiskan ternak babi.",
        "trends": "Harga jagung jatuh saat panen; makin banyak pemuda merantau; curah hujan "
        "makin tidak menentu.",
        "seasonality": "Hujan Desember–Maret (tanam dan panen jagung); kemarau April–November "
        "(krisis air, rawan pangan Oktober–Januari).",
    },
    "53.18.11.2001": {  # Wailangira, Kodi Balaghar
        "households": 356,
        "poor_households": 149,
        "producer_groups": 7,
        "bumdes_units": 1,
        "clean_water_households": 122,
        "natural": "Pesisir dengan budidaya rumput laut; lahan kering jagung dan ubi.",
        "financial": "BUMDes membeli rumput laut kering; modal kelompok terbatas.",
        "physical": "Para-para jemur rumput laut; satu perahu motor kelompok.",
        "social": "Kelompok pembudidaya rumput laut aktif; pertemuan kampung tiap bulan.",
        "shocks": "Penyakit ice-ice pada rumput laut 2024; gelombang tinggi Januari.",
        "trends": "Harga rumput laut kering naik turun mengikuti pengepul dari Waikabubak.",
        "seasonality": "Tanam rumput laut Mei–Oktober; paceklik Desember–Februari.",
    },
    "81.05.15.2001": {  # Waru, Teluk Waru
        "households": 528,
        "poor_households": 201,
        "producer_groups": 11,
        "bumdes_units": 2,
        "clean_water_households": 390,
        "human": "Nelayan tangkap dan petani kebun; beberapa warga terlatih mengolah ikan asin "
        "dan abon ikan.",
        "natural": "Laut Teluk Waru (ikan pelagis, teripang); kebun kelapa, pala dan cengkeh; "
        "dusun sagu.",
        "financial": "Dana Desa; penjualan kopra ke pedagang di Bula; tabungan kelompok kecil.",
        "physical": "Dermaga kayu; 40 perahu ketinting; tempat pengasapan ikan; listrik "
        "PLN malam hari.",
        "social": "Ikatan marga dan adat sasi laut; kelompok nelayan dan kelompok perempuan "
        "pengolah ikan.",
        "shocks": "Gelombang tinggi menahan nelayan di darat; banjir rob 2024; harga kopra anjlok.",
        "trends": "Stok ikan dekat pantai menurun; harga BBM untuk perahu naik.",
        "seasonality": "Musim timur Juni–Agustus ombak besar (nelayan tidak melaut); panen "
        "cengkeh Agustus–Oktober; musim barat Desember–Februari.",
    },
    "81.05.15.2004": {  # Solang, Teluk Waru
        "households": 241,
        "poor_households": 98,
        "producer_groups": 5,
        "bumdes_units": 1,
        "natural": "Kebun kelapa dan pala; dusun sagu; pantai berpasir.",
        "financial": "Kopra dan pala dijual ke pengepul; belum ada lembaga simpan pinjam.",
        "social": "Sasi kelapa dijaga tokoh adat; 5 kelompok tani.",
        "seasonality": "Panen pala dua kali setahun; musim timur membatasi angkutan laut ke Bula.",
    },
}


@transaction.atomic
def seed_evaluation_demo(actor: Any, calendar: DemoCalendar) -> int:
    """Create the missing demo assets profiles; return how many were created."""
    created = 0
    year = calendar.year
    desa_by_code = {d.code: d for d in Region.objects.filter(code__in=DEMO_ASSETS)}
    for code, values in DEMO_ASSETS.items():
        desa = desa_by_code.get(code)
        if desa is None or LivelihoodAssets.objects.filter(desa=desa, year=year).exists():
            continue
        texts = {k: calendar.text(v) if isinstance(v, str) else v for k, v in values.items()}
        with calendar.recording(RECORDED_ON, 11):
            services.assets_create(desa=desa, year=year, actor=actor, **texts)
        created += 1
    return created
