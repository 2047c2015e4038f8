"""Demo plans of Kecamatan Kodi Balaghar (53.18.11), Kabupaten Sumba Barat Daya, NTT.

Dry land on the west coast of Sumba: maize and rain-fed rice, pigs, cattle and horses, salt
boiled from seawater (as at Wainyapu), tenun ikat, cashew, and visitors to the traditional
villages and the Pasola. Invented for the demo, written to read like the plans villages make
(Matriks 1, docs/mechanism.md#village-plan-matriks-1).
"""

from __future__ import annotations

from rembuk.demo.data import DemoPlan, act, adopted, goal, milestone
from rembuk.demo.desa_x import desa_x_plan

PLANS: tuple[DemoPlan, ...] = (
    # Wailangira plays the guide's Desa X: its plan is the guide's, word for word.
    desa_x_plan("53.18.11.2001", "Wailangira"),
    DemoPlan(
        desa_code="53.18.11.2002",
        desa_name="Kahale",
        adopted_on=adopted(2024, 1, 16),
        notes="Musyawarah desa {2024-01-16}. Kematian babi tahun 2023 menjadi perhatian utama.",
        goals=(
            goal(
                "Ternak babi dan sapi warga Kahale sehat dan berkembang",
                "Kematian ternak babi turun di bawah 5% per tahun pada 2025",
                2025,
                milestone(
                    "Warga menerapkan kandang sehat untuk mencegah demam babi Afrika (ASF)",
                    "60% peternak babi memakai kandang tertutup dan pakan dimasak",
                    2024,
                    act(
                        "Sosialisasi pencegahan ASF dan larangan membuang bangkai babi",
                        "Oleh petugas keswan di ibadah Minggu dan pertemuan dusun",
                        "OPD",
                    ),
                    act(
                        "Bantuan bahan kandang babi semi permanen",
                        "30 kandang untuk rumah tangga miskin; warga menyumbang tenaga",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan pakan fermentasi dari batang pisang dan dedak",
                        "Penyuluh peternakan, praktik di kandang contoh",
                        "OPD",
                    ),
                    act(
                        "Pengaturan lalu lintas babi dari luar desa",
                        "Babi yang masuk harus dilaporkan ke kepala dusun",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Penyediaan disinfektan dan semprotan untuk kandang",
                        "Disimpan di kantor desa, dipinjam kelompok",
                        "DD",
                    ),
                ),
                milestone(
                    "Sapi dan kerbau divaksinasi dan diperiksa rutin",
                    "100% sapi divaksin SE (ngorok) setiap tahun",
                    2025,
                    act(
                        "Vaksinasi massal sapi dan kerbau",
                        "Jadwal dari Dinas Peternakan, sebelum musim hujan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pelatihan kader kesehatan hewan desa",
                        "2 kader; bisa memberi obat cacing dan vitamin",
                        "DD+OPD",
                    ),
                    act(
                        "Pembuatan kandang jepit untuk pemeriksaan ternak",
                        "Satu unit di tiap dusun",
                        "DD+SW",
                    ),
                ),
            ),
            goal(
                "Pakan ternak cukup sepanjang musim kemarau",
                "Tidak ada sapi kurus berat saat kemarau 2025",
                2025,
                milestone(
                    "Kebun hijauan pakan ternak di setiap dusun",
                    "4 ha lamtoro dan rumput odot tertanam",
                    2025,
                    act(
                        "Bantuan bibit lamtoro taramba dan stek rumput odot",
                        "Diusulkan ke Dinas Peternakan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Penanaman hijauan pakan di batas ladang",
                        "Awal musim hujan, gotong royong",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pelatihan membuat silase untuk musim kemarau",
                        "Penyuluh peternakan, Juli 2024",
                        "OPD",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2003",
        desa_name="Waikarara",
        adopted_on=None,
        notes="Draf. Menunggu survei lokasi embung dari Dinas PUPR.",
        goals=(
            goal(
                "Sawah tadah hujan Waikarara bisa ditanami dua kali setahun",
                "Luas tanam padi musim kedua mencapai 25 ha pada 2025",
                2025,
                milestone(
                    "Ada air untuk musim tanam kedua",
                    "Embung 10.000 m³ dan saluran ke sawah berfungsi",
                    2025,
                    act(
                        "Usulan pembangunan embung ke Musrenbang Kecamatan",
                        "Lokasi di lembah dekat mata air; tanah hibah suku",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembangunan embung",
                        "Oleh Dinas PUPR bila disetujui di APBD 2025",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembuatan saluran tersier ke petak sawah",
                        "Padat karya tunai desa",
                        "DD",
                    ),
                    act(
                        "Pembentukan kelompok P3A (petani pemakai air)",
                        "Aturan giliran air disepakati sebelum embung selesai",
                        "SW",
                        authority="swadaya",
                    ),
                ),
                milestone(
                    "Petani memakai benih padi umur pendek yang tahan kering",
                    "30 petani menanam varietas umur pendek",
                    2024,
                    act(
                        "Permintaan benih padi umur pendek ke Dinas Pertanian",
                        "Melalui penyuluh, untuk musim tanam 2024/2025",
                        "OPD",
                    ),
                    act(
                        "Sekolah lapang padi bersama penyuluh",
                        "8 kali pertemuan di sawah contoh",
                        "OPD+DD",
                    ),
                    act(
                        "Pembuatan pupuk organik dari kotoran ternak",
                        "Dikerjakan kelompok tani di dekat kandang",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2004",
        desa_name="Panenggo Ede",
        adopted_on=adopted(2024, 2, 6),
        notes="Musyawarah desa {2024-02-06}, dihadiri 18 perempuan pengupas mete.",
        goals=(
            goal(
                "Petani jambu mete Panenggo Ede mendapat harga yang layak",
                "Harga gelondong mete di tingkat petani naik minimal Rp3.000/kg",
                2025,
                milestone(
                    "Mete diolah menjadi kacang mete kupas di desa",
                    "Kelompok perempuan mengupas dan menjual 1 ton kacang mete per tahun",
                    2025,
                    act(
                        "Pembentukan kelompok perempuan pengolah mete",
                        "Anggota dari keluarga petani mete",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengadaan alat kacip, oven dan sealer",
                        "Dianggarkan APBDes 2024; disimpan di rumah produksi",
                        "DD",
                    ),
                    act(
                        "Pelatihan pengupasan dan penyangraian mete",
                        "Dinas Perindagkop, tiga hari",
                        "OPD",
                    ),
                    act(
                        "Pembelian gelondong mete dari petani oleh BUMDes",
                        "Harga diumumkan sebelum musim panen Oktober",
                        "BUM",
                    ),
                    act(
                        "Pengurusan izin P-IRT untuk kacang mete kemasan",
                        "Didampingi Dinas Kesehatan",
                        "KAB",
                        authority="kab",
                    ),
                ),
                milestone(
                    "Kebun mete terawat dan hasilnya naik",
                    "Produksi rata-rata naik dari 3 kg menjadi 5 kg per pohon",
                    2025,
                    act(
                        "Pemangkasan pohon mete tua bersama penyuluh",
                        "Setelah panen, di kebun contoh tiap dusun",
                        "OPD+SW",
                    ),
                    act(
                        "Pembuatan sekat bakar di kebun mete",
                        "Sebelum musim kemarau; menghindari kebakaran padang",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Bantuan bibit mete unggul untuk sulam",
                        "Diusulkan ke Dinas Perkebunan Provinsi NTT",
                        "PROV",
                        authority="prov",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2005",
        desa_name="Waiha",
        adopted_on=None,
        notes="Draf hasil pertemuan kelompok tenun; rencana kunjungan Dinas Pariwisata.",
        goals=(
            goal(
                "Tenun ikat Waiha menjadi sumber pendapatan perempuan sepanjang tahun",
                "Setiap penenun menjual minimal 1 kain per bulan pada 2025",
                2025,
                milestone(
                    "Penenun memakai pewarna alam dan menjaga motif Kodi",
                    "2 kelompok tenun (30 penenun) memakai pewarna alam",
                    2024,
                    act(
                        "Pendataan penenun dan motif yang masih dikerjakan",
                        "Oleh kelompok tenun, dibantu guru SD",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Kebun pewarna alam (mengkudu, nila, loba)",
                        "Di pekarangan rumah ketua kelompok",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan pewarnaan alam oleh penenun senior",
                        "Tiga kali pertemuan; penenun muda belajar dari mama-mama",
                        "DD",
                    ),
                    act(
                        "Pengadaan benang dan alat tenun untuk penenun muda",
                        "Sistem pinjam; dikembalikan dari hasil penjualan kain",
                        "DD+BUM",
                    ),
                ),
                milestone(
                    "Kain tenun Waiha dijual langsung ke pembeli",
                    "Galeri tenun buka dan penjualan daring berjalan",
                    2025,
                    act(
                        "Pembangunan galeri tenun kecil di pinggir jalan ke pantai",
                        "Bangunan bambu beratap alang, dikerjakan gotong royong",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan foto produk dan penjualan lewat media sosial",
                        "Untuk pemuda pendamping penenun",
                        "CSR",
                    ),
                    act(
                        "Ikut pameran tenun di Kupang dan Jakarta",
                        "Dibiayai Dekranasda / Dinas Perindagkop",
                        "KAB+PROV",
                        authority="kab",
                    ),
                    act(
                        "Kesepakatan harga minimum kain per ukuran",
                        "Diputuskan kelompok agar tidak saling menjatuhkan harga",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2006",
        desa_name="Wainyapu",
        adopted_on=adopted(2024, 1, 9),
        notes="Musyawarah desa {2024-01-09} di kampung adat, dihadiri para rato dan "
        "kelompok pembuat garam.",
        goals=(
            goal(
                "Usaha garam rebus Wainyapu menghasilkan lebih banyak dengan kayu bakar lebih "
                "sedikit",
                "Produksi garam naik 50% dan kayu bakar per karung turun separuh",
                2025,
                milestone(
                    "Pembuat garam memakai tungku hemat kayu dan kuali yang lebih besar",
                    "25 keluarga pembuat garam memakai tungku baru",
                    2024,
                    act(
                        "Pendataan keluarga pembuat garam dan kebutuhan kayu",
                        "Oleh Tim Desa bersama ketua kelompok garam",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pembuatan tungku hemat kayu contoh",
                        "Belajar dari tungku sekam; dibangun di pondok garam tepi pantai",
                        "DD",
                    ),
                    act(
                        "Pengadaan kuali besar dan cetakan garam",
                        "Dibagi ke 25 keluarga, dibayar cicil ke BUMDes",
                        "BUM",
                    ),
                    act(
                        "Penanaman pohon kayu bakar (gamal, lamtoro) di lahan kritis",
                        "Musim hujan 2024, oleh pemuda dan anak sekolah",
                        "DD+SW",
                    ),
                ),
                milestone(
                    "Garam Wainyapu beryodium dan dijual dalam kemasan",
                    "Garam kemasan lolos uji yodium dan dijual di Tambolaka",
                    2025,
                    act(
                        "Pelatihan yodisasi garam",
                        "Dinas Perindagkop dan Dinas Kesehatan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pengadaan alat yodisasi dan kemasan",
                        "Disimpan di gudang BUMDes",
                        "DD+BUM",
                    ),
                    act(
                        "Penjualan garam kemasan melalui BUMDes",
                        "Ke toko di Tambolaka dan pengunjung Pasola",
                        "BUM",
                    ),
                ),
            ),
            goal(
                "Pengunjung kampung adat dan Pasola meninggalkan pendapatan di desa",
                "Desa wisata Wainyapu terdaftar dan 10 keluarga melayani tamu",
                2025,
                milestone(
                    "Warga siap menerima tamu dengan aturan adat yang dihormati",
                    "Aturan kunjungan disepakati para rato; 10 pemandu lokal terlatih",
                    2025,
                    act(
                        "Musyawarah adat tentang aturan kunjungan ke kampung dan kubur batu",
                        "Dipimpin para rato sebelum Pasola 2024",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pelatihan pemandu wisata lokal",
                        "Dinas Pariwisata; 10 pemuda dan pemudi",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembentukan Pokdarwis dan retribusi kunjungan desa",
                        "Hasil retribusi untuk perawatan rumah adat",
                        "DD",
                    ),
                    act(
                        "Pembangunan toilet umum dan papan informasi",
                        "Dekat lapangan Pasola",
                        "DD+CSR",
                    ),
                    act(
                        "Perbaikan jalan masuk ke kampung adat",
                        "Diusulkan sebagai jalan kabupaten melalui Musrenbang",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Homestay di rumah warga",
                        "Standar kamar bersih dan kamar mandi; didampingi BUMDes",
                        "BUM+SW",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2007",
        desa_name="Loko Tali",
        adopted_on=adopted(2024, 2, 20),
        notes="Musyawarah desa {2024-02-20}.",
        goals=(
            goal(
                "Perempuan dan anak Loko Tali tidak lagi berjalan jauh mengambil air",
                "Waktu mengambil air turun dari 3 jam menjadi kurang dari 30 menit per hari",
                2025,
                milestone(
                    "Sumur bor dan bak air di tengah permukiman",
                    "2 sumur bor dengan pompa tenaga surya dan 5 bak bagi",
                    2025,
                    act(
                        "Usulan sumur bor ke Dinas PUPR dan Provinsi NTT",
                        "Melalui Musrenbang Kecamatan 2024, dengan data 140 KK",
                        "KAB+PROV",
                        authority="prov",
                    ),
                    act(
                        "Survei geolistrik titik sumur",
                        "Oleh Dinas PUPR",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembangunan bak bagi dan jaringan pipa",
                        "Padat karya tunai desa setelah sumur jadi",
                        "DD",
                    ),
                    act(
                        "Pembentukan badan pengelola sarana air",
                        "Iuran Rp10.000 per KK per bulan untuk perawatan pompa",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
            goal(
                "Pangan keluarga cukup meski hujan tidak menentu",
                "Tidak ada keluarga kekurangan pangan pada bulan Januari–Maret 2025",
                2025,
                milestone(
                    "Petani menanam sorgum di samping jagung",
                    "50 petani menanam sorgum minimal 0,25 ha",
                    2024,
                    act(
                        "Pengadaan benih sorgum lokal",
                        "Dari petani di Kodi dan Dinas Pertanian",
                        "DD+OPD",
                    ),
                    act(
                        "Demplot sorgum bersama penyuluh",
                        "Satu demplot per dusun",
                        "OPD",
                    ),
                    act(
                        "Pelatihan olahan sorgum untuk ibu-ibu",
                        "Nasi sorgum, kue dan tepung; di posyandu",
                        "DD",
                    ),
                ),
                milestone(
                    "Lumbung pangan desa terisi sebelum musim paceklik",
                    "Lumbung menyimpan 5 ton jagung dan sorgum",
                    2025,
                    act(
                        "Perbaikan lumbung desa",
                        "Atap, lantai panggung dan karung hermetik",
                        "DD",
                    ),
                    act(
                        "Setoran hasil panen ke lumbung",
                        "Setiap KK menyetor 20 kg setelah panen",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Aturan pinjam dan kembali pangan dari lumbung",
                        "Disepakati di musyawarah dusun",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="53.18.11.2008",
        desa_name="Waipakolo",
        adopted_on=None,
        notes="Draf. Nelayan dan pemilik warung pantai ikut merumuskan.",
        goals=(
            goal(
                "Keluarga nelayan Waipakolo tidak lagi meminjam ke rentenir untuk biaya sekolah",
                "Tidak ada keluarga nelayan yang berutang ke rentenir saat tahun ajaran baru 2025",
                2025,
                milestone(
                    "Ada kelompok simpan pinjam yang dipercaya warga",
                    "2 kelompok simpan pinjam dengan 50 anggota dan kas bergulir",
                    2024,
                    act(
                        "Pembentukan kelompok simpan pinjam nelayan dan mama-mama",
                        "Belajar dari kelompok di desa tetangga",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pelatihan pembukuan dan aturan pinjaman",
                        "Pendamping desa dan Credit Union setempat",
                        "DD+LAIN",
                        note="Credit Union setempat",
                    ),
                    act(
                        "Tabungan pendidikan anak dari hasil tangkapan",
                        "Disisihkan setiap penjualan ikan",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
            goal(
                "Pantai Waipakolo menjadi tujuan wisata yang menghidupi warga",
                "Warung dan penyewaan perahu melayani minimal 300 tamu per bulan",
                2025,
                milestone(
                    "Pantai bersih dan ada fasilitas dasar",
                    "Toilet, tempat sampah dan gazebo tersedia",
                    2025,
                    act(
                        "Kerja bakti bersih pantai setiap bulan",
                        "Sabtu terakhir setiap bulan, pemuda dan nelayan",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pembangunan toilet dan gazebo",
                        "Bahan lokal; dikelola BUMDes",
                        "DD",
                    ),
                    act(
                        "Pengelolaan sampah plastik bersama pengepul",
                        "Sampah dipilah dan dijual ke bank sampah di Tambolaka",
                        "BUM",
                    ),
                    act(
                        "Promosi pantai bersama Dinas Pariwisata",
                        "Masuk paket kunjungan Pasola",
                        "KAB",
                        authority="kab",
                    ),
                ),
                milestone(
                    "Nelayan mendapat tambahan dari wisata",
                    "10 perahu melayani wisata memancing dan snorkeling",
                    2025,
                    act(
                        "Pelatihan keselamatan di laut untuk nelayan pemandu",
                        "Basarnas dan Dinas Perhubungan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pengadaan jaket pelampung untuk perahu wisata",
                        "10 perahu, 6 jaket per perahu",
                        "DD+CSR",
                    ),
                    act(
                        "Tarif sewa perahu disepakati bersama",
                        "Diumumkan di papan informasi pantai",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
)
