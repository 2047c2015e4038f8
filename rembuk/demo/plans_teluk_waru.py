"""Demo plans of Kecamatan Teluk Waru (81.05.15), Kabupaten Seram Bagian Timur, Maluku.

Coastal villages on the north-east coast of Seram and on Pulau Parang (Nama Lena, Nama Andan):
fishing and dried/salted fish, seaweed, cloves and nutmeg in the hills, sago as the staple.
Invented for the demo, written to read like the plans villages make (Matriks 1,
docs/mechanism.md#village-plan-matriks-1).
"""

from __future__ import annotations

from rembuk.demo.data import DemoPlan, act, adopted, goal, milestone

PLANS: tuple[DemoPlan, ...] = (
    DemoPlan(
        desa_code="81.05.15.2001",
        desa_name="Waru",
        adopted_on=adopted(2023, 12, 14),
        notes="Disepakati dalam musyawarah desa di Balai Desa Waru, dihadiri 64 warga "
        "(23 perempuan) dan kelompok nelayan.",
        goals=(
            goal(
                "Nelayan dan pengolah ikan asin tidak lagi terikat utang pada papalele",
                "Tidak ada lagi pengolah ikan asin yang wajib menjual ke papalele pemberi pinjaman",
                2025,
                milestone(
                    "BUMDes menjadi pembeli ikan asin dengan harga yang diumumkan tiap minggu",
                    "Minimal 30 pengolah menjual ke BUMDes; harga BUMDes diumumkan tiap Senin",
                    2024,
                    act(
                        "Musyawarah penyertaan modal desa untuk unit usaha ikan asin BUMDes",
                        "Dibahas di musyawarah desa Desember 2023 bersama kelompok pengolah",
                        "DD",
                    ),
                    act(
                        "Penyerahan modal desa ke BUMDes",
                        "Dicairkan pada penyaluran Dana Desa tahap I 2024",
                        "DD",
                    ),
                    act(
                        "Pelatihan pembukuan dan penetapan harga beli untuk pengurus BUMDes",
                        "2 hari di bulan Februari 2024, dipandu pendamping desa",
                        "CSR+BUM",
                        note="CSR bank daerah untuk narasumber",
                    ),
                    act(
                        "Pembelian ikan asin dari pengolah oleh BUMDes",
                        "Timbang di gudang BUMDes tiap Selasa dan Jumat; dibayar tunai saat "
                        "itu juga",
                        "BUM",
                    ),
                    act(
                        "Pengiriman ikan asin BUMDes ke pedagang di Bula dan Ambon",
                        "Dikirim per dua minggu dengan kapal reguler; kontrak harga dengan dua "
                        "pedagang",
                        "BUM",
                    ),
                ),
                milestone(
                    "Mutu ikan asin naik sehingga harga jual tidak dipotong pembeli",
                    "80% ikan asin dari Waru masuk kelas mutu I pada akhir 2025",
                    2025,
                    act(
                        "Pembuatan para-para penjemuran ikan yang ditinggikan dan beratap plastik",
                        "8 unit di tepi pantai, dikerjakan gotong royong kelompok pengolah",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan penggaraman dan penjemuran yang higienis",
                        "Oleh penyuluh perikanan dalam pertemuan kelompok, Maret 2024",
                        "OPD",
                        note="Dinas Perikanan SBT (penyuluh)",
                    ),
                    act(
                        "Pengadaan kemasan plastik tebal dan label 'Ikan Asin Waru'",
                        "Dibeli BUMDes; label dirancang bersama karang taruna",
                        "BUM",
                    ),
                    act(
                        "Pengurusan izin edar P-IRT untuk ikan asin kemasan",
                        "Didampingi Dinas Kesehatan dan Dinas Perindagkop kabupaten",
                        "KAB",
                        authority="kab",
                    ),
                ),
            ),
            goal(
                "Warga Waru mendapat air bersih sepanjang tahun",
                "Semua rumah tangga dalam jarak 100 m dari keran umum pada 2025",
                2025,
                milestone(
                    "Sumber air di kaki bukit dialirkan ke permukiman",
                    "Jaringan pipa 1,8 km dan 6 keran umum berfungsi",
                    2025,
                    act(
                        "Survei jalur pipa bersama Dinas PUPR",
                        "Satu hari di musim kemarau 2024, melibatkan pemilik kebun",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembangunan bak penangkap mata air dan jaringan pipa utama",
                        "Diusulkan ke Musrenbang Kecamatan 2024 untuk APBD 2025",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembangunan keran umum di enam titik",
                        "Tukang dari desa; bahan dari Dana Desa 2025",
                        "DD+SW",
                    ),
                    act(
                        "Pembentukan dan pelatihan kelompok pengelola air",
                        "Iuran bulanan disepakati warga untuk perbaikan pipa",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2002",
        desa_name="Bellis",
        adopted_on=adopted(2024, 1, 18),
        notes="Rencana disusun bersama kelompok tani cengkeh dan pala 'Sinar Bellis'.",
        goals=(
            goal(
                "Pendapatan petani cengkeh dan pala naik karena mutu hasil kebun lebih baik",
                "Harga jual pala kering naik minimal 15% dibanding 2023",
                2025,
                milestone(
                    "Pala dan cengkeh dikeringkan dengan benar sehingga tidak berjamur",
                    "Tidak ada lagi pala yang ditolak pembeli karena jamur pada panen 2025",
                    2025,
                    act(
                        "Pembangunan dua rumah pengering (solar dryer) untuk pala dan cengkeh",
                        "Di dekat gudang kelompok tani; dipakai bergilir per dusun",
                        "DD+CSR",
                    ),
                    act(
                        "Pelatihan pascapanen pala: petik tua, belah, jemur fuli terpisah",
                        "Oleh penyuluh pertanian di kebun contoh, sebelum panen raya",
                        "OPD+SW",
                        note="Dinas Pertanian SBT",
                    ),
                    act(
                        "Penyediaan terpal dan para-para jemur untuk anggota kelompok",
                        "Dibagi per rumah tangga; dicatat di buku inventaris kelompok",
                        "DD",
                    ),
                    act(
                        "Kunjungan belajar ke kelompok pala di Pulau Gorom",
                        "3 orang pengurus, dibiayai patungan anggota",
                        "SW",
                        authority="swadaya",
                    ),
                ),
                milestone(
                    "Petani menjual bersama sehingga punya posisi tawar",
                    "Kelompok menjual minimal 2 ton pala kering secara kolektif per tahun",
                    2025,
                    act(
                        "Pencatatan hasil panen setiap anggota di buku kelompok",
                        "Dicatat sekretaris kelompok setiap minggu selama musim panen",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Penjajakan pembeli pala di Bula dan Ambon",
                        "Dibantu BUMDes dan pendamping desa; minta penawaran tertulis",
                        "BUM",
                    ),
                    act(
                        "Penjualan kolektif pala kering melalui BUMDes",
                        "Dua kali setahun setelah panen raya",
                        "BUM",
                    ),
                ),
            ),
            goal(
                "Kebun cengkeh tua diremajakan",
                "1.500 bibit cengkeh dan pala tertanam dan hidup pada 2025",
                2025,
                milestone(
                    "Bibit unggul tersedia di desa",
                    "Kebun bibit desa menghasilkan 1.000 bibit per tahun",
                    2024,
                    act(
                        "Permohonan bantuan bibit cengkeh unggul ke Dinas Pertanian",
                        "Diusulkan lewat Musrenbang Kecamatan Januari 2024",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembuatan kebun bibit desa",
                        "Di lahan desa dekat sungai; dijaga bergilir oleh anggota kelompok",
                        "DD+SW",
                    ),
                    act(
                        "Penanaman bibit di kebun anggota",
                        "Awal musim hujan 2024 dan 2025",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2003",
        desa_name="Dawang",
        adopted_on=None,
        notes="Draf hasil rapat Tim Desa; akan dibahas di musyawarah desa.",
        goals=(
            goal(
                "Sagu Dawang diolah di desa dan dijual dengan harga yang lebih baik",
                "Kelompok perempuan menjual tepung sagu dan bagea setiap bulan pada 2025",
                2025,
                milestone(
                    "Kelompok pengolah sagu perempuan terbentuk dan punya alat",
                    "1 kelompok (15 anggota) dengan mesin parut dan alat peras sagu",
                    2024,
                    act(
                        "Pembentukan kelompok perempuan pengolah sagu",
                        "Pertemuan di rumah ibu Kepala Dusun; anggota mendaftar sukarela",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengadaan mesin parut sagu dan alat peras",
                        "Dianggarkan di APBDes 2024 perubahan",
                        "DD",
                    ),
                    act(
                        "Pelatihan pembuatan tepung sagu kering dan bagea",
                        "3 kali pertemuan, narasumber dari Dinas Perindagkop",
                        "OPD+DD",
                    ),
                ),
                milestone(
                    "Produk sagu punya pasar tetap",
                    "Tiga toko di Bula menerima bagea Dawang secara rutin",
                    2025,
                    act(
                        "Pembuatan kemasan dan merek bersama",
                        "Dibantu pendamping desa; contoh kemasan diuji ke pembeli",
                        "DD",
                    ),
                    act(
                        "Pameran produk pada HUT Kabupaten SBT",
                        "Stan kecamatan, Oktober 2024",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Titip jual di kios BUMDes dan toko di Bula",
                        "Pencatatan titipan dan pembayaran tiap dua minggu",
                        "BUM",
                    ),
                ),
            ),
            goal(
                "Dusun sagu desa terjaga untuk anak cucu",
                "Tidak ada pembukaan dusun sagu untuk kebun baru tanpa kesepakatan desa",
                2025,
                milestone(
                    "Ada aturan desa tentang dusun sagu",
                    "Peraturan Desa tentang perlindungan dusun sagu ditetapkan",
                    2025,
                    act(
                        "Pemetaan dusun sagu bersama pemilik marga",
                        "Peta sketsa digambar bersama tokoh adat dan pemuda",
                        "DD+SW",
                    ),
                    act(
                        "Penyusunan dan penetapan Perdes perlindungan dusun sagu",
                        "Konsultasi ke Bagian Hukum Setda sebelum ditetapkan",
                        "DD",
                    ),
                    act(
                        "Penanaman anakan sagu di lahan yang rusak",
                        "Gotong royong setiap Sabtu pertama di musim hujan",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2004",
        desa_name="Solang",
        adopted_on=adopted(2024, 2, 2),
        notes="Musyawarah desa {2024-02-02}; prioritas utama warga adalah air bersih.",
        goals=(
            goal(
                "Keluarga di Solang tidak lagi membeli air saat kemarau",
                "Pengeluaran membeli air turun menjadi nol pada kemarau 2025",
                2025,
                milestone(
                    "Setiap dusun punya penampungan air",
                    "4 bak penampungan 10 m³ terisi dan terawat",
                    2024,
                    act(
                        "Pembangunan bak penampungan air di empat dusun",
                        "Lokasi disepakati di rapat dusun; tanah dihibahkan warga",
                        "DD+SW",
                    ),
                    act(
                        "Pemasangan talang dan tangki air hujan di rumah ibadah dan sekolah",
                        "Dikerjakan pemuda di bulan Mei 2024",
                        "DD",
                    ),
                    act(
                        "Penyusunan jadwal pembersihan bak oleh warga",
                        "Tiap dusun bergilir sebulan sekali",
                        "SW",
                        authority="swadaya",
                    ),
                ),
                milestone(
                    "Sumur bor dalam melayani dusun yang paling jauh",
                    "1 sumur bor dengan pompa tenaga surya berfungsi",
                    2025,
                    act(
                        "Usulan sumur bor dalam ke Musrenbang Kecamatan",
                        "Disertai foto lokasi dan daftar 86 KK penerima manfaat",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembangunan sumur bor dan pompa tenaga surya",
                        "Oleh Dinas PUPR bila usulan diterima di APBD 2025",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pelatihan perawatan pompa untuk dua operator desa",
                        "Oleh penyedia pompa saat serah terima",
                        "KAB+DD",
                    ),
                ),
            ),
            goal(
                "Harga kopra Solang lebih baik karena mutunya naik",
                "Kadar air kopra di bawah 6% dan harga naik Rp1.000/kg",
                2025,
                milestone(
                    "Petani kelapa memakai pengering kopra yang tidak berasap",
                    "3 tungku pengering kopra sistem tidak langsung dipakai bersama",
                    2025,
                    act(
                        "Pembuatan tungku pengering kopra tidak langsung",
                        "Contoh dari desa lain; dibangun di tiga dusun",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan pengeringan kopra putih",
                        "Penyuluh perkebunan, satu hari di tiap dusun",
                        "OPD",
                    ),
                    act(
                        "Penjualan kopra bersama lewat BUMDes",
                        "Dikumpulkan di gudang BUMDes dan dijual per 2 ton",
                        "BUM",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2005",
        desa_name="Karay",
        adopted_on=adopted(2023, 12, 21),
        notes="Karay memilih rumput laut sebagai usaha bersama karena perairannya tenang.",
        goals=(
            goal(
                "Budidaya rumput laut menjadi sumber pendapatan tetap bagi 40 keluarga",
                "40 keluarga panen rumput laut minimal 4 kali setahun pada 2025",
                2025,
                milestone(
                    "Pembudidaya punya bibit dan tali yang cukup",
                    "20 unit longline terpasang dengan bibit sehat",
                    2024,
                    act(
                        "Pendataan calon pembudidaya dan lokasi bentangan",
                        "Dipetakan bersama nelayan agar tidak mengganggu jalur perahu",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengadaan tali ris, pelampung dan jangkar",
                        "Dibeli sekaligus untuk 20 unit, dibagi per kelompok",
                        "DD",
                    ),
                    act(
                        "Bantuan bibit rumput laut kultur jaringan",
                        "Diusulkan ke Dinas Kelautan dan Perikanan Provinsi Maluku",
                        "PROV",
                        authority="prov",
                    ),
                    act(
                        "Kebun bibit rumput laut milik kelompok",
                        "Sebagian hasil panen pertama disisihkan untuk bibit",
                        "SW",
                        authority="swadaya",
                    ),
                ),
                milestone(
                    "Rumput laut kering bersih dan laku dengan harga pasar",
                    "Kadar kotoran di bawah 5%; dijual langsung ke pengumpul besar",
                    2025,
                    act(
                        "Pembuatan para-para jemur rumput laut",
                        "6 unit dari kayu lokal dan waring",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan penanganan penyakit ice-ice dan pascapanen",
                        "Oleh penyuluh perikanan di lokasi budidaya",
                        "OPD",
                    ),
                    act(
                        "Kontrak penjualan dengan pengumpul rumput laut di Bula",
                        "Difasilitasi BUMDes; harga dikaitkan dengan harga di Surabaya",
                        "BUM",
                    ),
                ),
            ),
            goal(
                "Anak-anak nelayan tetap sekolah saat musim paceklik",
                "Tidak ada anak putus sekolah karena biaya pada 2025",
                2025,
                milestone(
                    "Keluarga nelayan punya tabungan untuk musim ombak",
                    "1 kelompok simpan pinjam perempuan dengan 30 anggota aktif",
                    2024,
                    act(
                        "Pembentukan kelompok simpan pinjam perempuan",
                        "Aturan pinjam disepakati anggota, bunga jauh di bawah rentenir",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pelatihan pembukuan sederhana untuk pengurus",
                        "Dua kali, oleh pendamping desa",
                        "DD",
                    ),
                    act(
                        "Penyisihan 5% hasil panen rumput laut ke tabungan",
                        "Disetor saat penjualan ke BUMDes",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2006",
        desa_name="Nama Lena",
        adopted_on=None,
        notes="Draf. Nelayan Pulau Parang meminta agar soal es dan BBM dibahas di kecamatan.",
        goals=(
            goal(
                "Hasil tangkapan nelayan Nama Lena tidak lagi dijual murah karena cepat rusak",
                "Ikan segar sampai ke pembeli di Bula dalam keadaan baik; harga naik 20%",
                2025,
                milestone(
                    "Nelayan bisa mendapat es balok di pulau",
                    "Mesin pembuat es tenaga surya beroperasi dan dikelola BUMDes",
                    2025,
                    act(
                        "Usulan mesin pembuat es dan cold box ke Dinas Perikanan",
                        "Dibawa ke Musrenbang Kecamatan bersama Nama Andan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Penyediaan bangunan dan lahan untuk mesin es",
                        "Bekas gudang desa diperbaiki",
                        "DD",
                    ),
                    act(
                        "Pelatihan pengelolaan usaha es untuk BUMDes",
                        "Tarif es disepakati bersama kelompok nelayan",
                        "BUM+DD",
                    ),
                    act(
                        "Pengadaan cool box untuk perahu nelayan",
                        "30 unit; nelayan membayar cicilan ke BUMDes",
                        "BUM+SW",
                    ),
                ),
                milestone(
                    "Nelayan tergabung dalam Kelompok Usaha Bersama (KUB)",
                    "2 KUB terdaftar dan semua anggota punya kartu KUSUKA",
                    2024,
                    act(
                        "Pembentukan dan pendaftaran KUB nelayan",
                        "Didampingi penyuluh perikanan",
                        "OPD",
                    ),
                    act(
                        "Pendaftaran kartu KUSUKA untuk nelayan",
                        "Data dikumpulkan desa, diajukan ke Kementerian Kelautan dan Perikanan",
                        "APBN",
                        authority="pusat",
                    ),
                    act(
                        "Pertemuan bulanan KUB membahas harga dan cuaca",
                        "Di balai desa setiap awal bulan",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2007",
        desa_name="Nama Andan",
        adopted_on=adopted(2024, 1, 25),
        notes="Musyawarah desa {2024-01-25}, dihadiri kelompok ibu-ibu pengolah ikan.",
        goals=(
            goal(
                "Ikan asin dan teri kering Nama Andan dikenal bersih dan dijual langsung",
                "Produk kemasan dijual ke tiga toko di Bula dan satu pembeli di Ambon",
                2025,
                milestone(
                    "Ibu-ibu pengolah ikan bekerja dalam kelompok dengan alat yang layak",
                    "2 kelompok pengolah, rumah jemur tertutup dan meja belah dari semen",
                    2024,
                    act(
                        "Pembentukan dua kelompok perempuan pengolah ikan",
                        "Anggota dari dusun pantai dan dusun atas",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pembangunan rumah jemur ikan beratap plastik UV",
                        "Supaya ikan tidak kena hujan dan lalat",
                        "DD",
                    ),
                    act(
                        "Pelatihan pengolahan teri kering tawar dan ikan asin rendah garam",
                        "Penyuluh perikanan dan kader PKK, dua hari",
                        "OPD+DD",
                    ),
                    act(
                        "Pengadaan timbangan, sealer dan kemasan",
                        "Disimpan di rumah ketua kelompok",
                        "DD",
                    ),
                ),
                milestone(
                    "Produk sampai ke pembeli tanpa lewat papalele",
                    "Minimal 60% produksi kelompok dijual langsung",
                    2025,
                    act(
                        "Penjajakan pembeli di Bula dan Ambon melalui BUMDes",
                        "Mengirim contoh produk dengan kapal reguler",
                        "BUM",
                    ),
                    act(
                        "Promosi lewat grup WhatsApp dan media sosial desa",
                        "Dikelola karang taruna; foto produk dan harga tiap minggu",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengurusan sertifikat halal dan P-IRT",
                        "Difasilitasi Dinas Perindagkop dan Kemenag kabupaten",
                        "KAB",
                        authority="kab",
                    ),
                ),
            ),
            goal(
                "Warga pulau tidak kekurangan air minum di musim kemarau",
                "Setiap rumah punya tampungan air hujan minimal 1.000 liter",
                2025,
                milestone(
                    "Tampungan air hujan di rumah warga",
                    "120 rumah punya tandon dan talang",
                    2025,
                    act(
                        "Pendataan rumah yang belum punya tampungan air",
                        "Oleh kader posyandu, Maret 2024",
                        "DD",
                    ),
                    act(
                        "Pengadaan tandon dan talang untuk rumah tangga miskin",
                        "Tahap 1 tahun 2024: 60 rumah; tahap 2 tahun 2025",
                        "DD+CSR",
                    ),
                    act(
                        "Penyuluhan menjaga kebersihan tampungan air",
                        "Oleh Puskesmas saat posyandu",
                        "OPD",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2008",
        desa_name="Tubir Wasiwang",
        adopted_on=None,
        notes="Draf; menunggu hasil pemeriksaan hama oleh penyuluh.",
        goals=(
            goal(
                "Kebun pala Tubir Wasiwang kembali berproduksi",
                "Produksi pala kering desa kembali ke 3 ton per tahun",
                2025,
                milestone(
                    "Serangan penggerek batang pala terkendali",
                    "Pohon pala yang terserang turun di bawah 10% pada 2025",
                    2025,
                    act(
                        "Pemeriksaan kebun bersama penyuluh pertanian",
                        "Penyuluh diminta datang Maret 2024; tiap dusun satu kebun contoh",
                        "OPD",
                    ),
                    act(
                        "Pelatihan pengendalian penggerek batang secara mekanis dan hayati",
                        "Praktik langsung di kebun contoh",
                        "OPD+SW",
                    ),
                    act(
                        "Gerakan bersih kebun serentak",
                        "Dua kali setahun, tiap Jumat selama satu bulan",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengadaan alat semprot dan gergaji pangkas untuk kelompok",
                        "Dipinjamkan bergilir dan dicatat kelompok tani",
                        "DD",
                    ),
                    act(
                        "Konsultasi rutin dengan penyuluh di pertemuan kelompok tani",
                        "Setiap bulan; nomor telepon penyuluh ditempel di balai desa",
                        "SW+OPD",
                    ),
                ),
                milestone(
                    "Pohon pala mati diganti tanaman baru",
                    "800 bibit pala ditanam",
                    2025,
                    act(
                        "Usulan bantuan bibit pala sambung ke Dinas Pertanian",
                        "Melalui Musrenbang Kecamatan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pembuatan pelindung bibit dari bambu agar tidak dimakan kambing",
                        "Bambu dari kebun warga; dikerjakan saat penanaman",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Penanaman dan pemeliharaan bibit",
                        "Setiap anggota menanam di kebun masing-masing",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2009",
        desa_name="Kampung Baru",
        adopted_on=adopted(2024, 2, 10),
        notes="Musyawarah desa {2024-02-10}. Masalah utama: nelayan berutang untuk BBM.",
        goals=(
            goal(
                "Nelayan Kampung Baru melaut tanpa berutang BBM kepada juragan",
                "Tidak ada nelayan yang menyerahkan hasil tangkapan sebagai bayar utang BBM",
                2025,
                milestone(
                    "BBM nelayan tersedia di desa dengan harga resmi",
                    "BUMDes menjadi penyalur BBM nelayan (solar paket dealer)",
                    2025,
                    act(
                        "Pendataan kebutuhan BBM tiap perahu",
                        "Oleh KUB nelayan, satu bulan pencatatan",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengajuan izin penyalur BBM nelayan untuk BUMDes",
                        "Rekomendasi Dinas Perikanan, diajukan ke Pertamina",
                        "LAIN",
                        authority="lain",
                        note="Pertamina dan BPH Migas",
                    ),
                    act(
                        "Penyediaan modal dan tangki BBM BUMDes",
                        "Dari penyertaan modal desa tahun 2025",
                        "DD+BUM",
                    ),
                ),
                milestone(
                    "Nelayan punya sumber pinjaman yang adil",
                    "Koperasi nelayan melayani pinjaman BBM dan alat tangkap",
                    2024,
                    act(
                        "Pembentukan koperasi nelayan",
                        "Didampingi Dinas Koperasi; rapat anggota pertama Mei 2024",
                        "OPD+SW",
                    ),
                    act(
                        "Pelatihan pengelolaan koperasi",
                        "Tiga hari untuk pengurus dan pengawas",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Simpanan wajib anggota dari setiap penjualan ikan",
                        "Rp5.000 per trip",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pengajuan dana bergulir untuk koperasi",
                        "Ke program kredit usaha nelayan provinsi",
                        "PROV",
                        authority="prov",
                    ),
                ),
            ),
            goal(
                "Nelayan terlindungi saat celaka di laut",
                "Semua nelayan aktif terdaftar asuransi nelayan",
                2025,
                milestone(
                    "Nelayan punya kartu KUSUKA dan asuransi",
                    "75 nelayan terdaftar",
                    2024,
                    act(
                        "Pendataan dan pendaftaran KUSUKA",
                        "Dikumpulkan kaur pemerintahan; diajukan lewat Dinas Perikanan",
                        "APBN",
                        authority="pusat",
                    ),
                    act(
                        "Sosialisasi asuransi nelayan",
                        "Dalam pertemuan KUB",
                        "OPD",
                    ),
                    act(
                        "Pengadaan pelampung dan lampu darurat untuk perahu",
                        "Satu set per perahu",
                        "DD",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2010",
        desa_name="Boinfia",
        adopted_on=None,
        notes="Draf. Hasil kesepakatan rapat PKK dan kelompok tani.",
        goals=(
            goal(
                "Keluarga Boinfia makan cukup dan beragam dari kebunnya sendiri",
                "Kasus gizi kurang balita turun setengah dari 2023",
                2025,
                milestone(
                    "Pekarangan ditanami sayur dan umbi",
                    "70 rumah tangga punya kebun pekarangan aktif",
                    2024,
                    act(
                        "Pembagian benih sayur dan bibit umbi",
                        "Kangkung, bayam, kacang panjang, ubi jalar; Maret 2024",
                        "DD",
                    ),
                    act(
                        "Demplot kebun gizi di posyandu",
                        "Dikelola kader PKK; jadi tempat belajar ibu-ibu",
                        "DD+SW",
                    ),
                    act(
                        "Pelatihan pupuk kompos dari limbah sagu dan dapur",
                        "Penyuluh pertanian, satu hari",
                        "OPD",
                    ),
                    act(
                        "Lomba pekarangan antar dusun",
                        "Agustus 2024 bersama peringatan 17 Agustus",
                        "DD",
                    ),
                ),
                milestone(
                    "Ternak ayam kampung menambah lauk keluarga",
                    "40 keluarga memelihara ayam kampung di kandang",
                    2025,
                    act(
                        "Bantuan ayam kampung dan bahan kandang",
                        "Sistem gulir: anak ayam pertama diserahkan ke keluarga berikutnya",
                        "DD+SW",
                    ),
                    act(
                        "Vaksinasi ayam (ND) bersama petugas keswan",
                        "Dua kali setahun",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Pelatihan pakan ayam dari ampas sagu",
                        "Oleh penyuluh peternakan",
                        "OPD",
                    ),
                ),
            ),
            goal(
                "Hasil kebun Boinfia mudah dibawa ke pasar",
                "Jalan usaha tani ke kebun atas bisa dilalui motor sepanjang tahun",
                2025,
                milestone(
                    "Jalan usaha tani diperbaiki",
                    "2,5 km jalan tani dirabat beton",
                    2025,
                    act(
                        "Rabat beton jalan usaha tani tahap I (1 km)",
                        "Padat karya tunai desa tahun 2024",
                        "DD",
                    ),
                    act(
                        "Usulan rabat jalan tahap II ke Musrenbang",
                        "1,5 km; dilampiri peta dan foto kerusakan",
                        "KAB",
                        authority="kab",
                    ),
                    act(
                        "Kerja bakti pembersihan saluran pinggir jalan",
                        "Setiap awal musim hujan",
                        "SW",
                        authority="swadaya",
                    ),
                ),
            ),
        ),
    ),
    DemoPlan(
        desa_code="81.05.15.2011",
        desa_name="Madak",
        adopted_on=adopted(2024, 1, 30),
        notes="Musyawarah desa {2024-01-30} di gedung gereja.",
        goals=(
            goal(
                "Minyak kelapa Madak menjadi usaha perempuan yang menghasilkan",
                "Kelompok menjual 200 liter minyak kelapa per bulan",
                2025,
                milestone(
                    "Kelompok perempuan punya alat pengolahan minyak kelapa murni (VCO)",
                    "1 unit alat parut, peras dan saring; dapur produksi bersih",
                    2024,
                    act(
                        "Pembentukan kelompok usaha minyak kelapa",
                        "22 anggota dari 3 dusun",
                        "SW",
                        authority="swadaya",
                    ),
                    act(
                        "Pembangunan dapur produksi di lahan desa",
                        "Lantai semen, air mengalir, jendela berkasa",
                        "DD",
                    ),
                    act(
                        "Pengadaan mesin parut dan alat peras",
                        "Dianggarkan APBDes 2024",
                        "DD",
                    ),
                    act(
                        "Pelatihan pembuatan VCO dan minyak goreng kelapa",
                        "Dinas Perindagkop, dua hari, praktik langsung",
                        "OPD",
                    ),
                ),
                milestone(
                    "Minyak kelapa laku di pasar Bula dan di kapal penumpang",
                    "Penjualan rutin di 5 titik",
                    2025,
                    act(
                        "Pembuatan botol, label dan harga jual bersama",
                        "Didampingi BUMDes",
                        "BUM",
                    ),
                    act(
                        "Penjualan lewat kios BUMDes dan pedagang kapal",
                        "Pencatatan stok setiap minggu",
                        "BUM",
                    ),
                    act(
                        "Ikut pameran UMKM provinsi di Ambon",
                        "Diusulkan lewat Dinas Perindagkop",
                        "PROV",
                        authority="prov",
                    ),
                ),
            ),
            goal(
                "Hutan bakau Madak pulih dan melindungi kampung dari abrasi",
                "5 ha bakau ditanam kembali dan tidak ada penebangan baru",
                2025,
                milestone(
                    "Warga menanam dan menjaga bakau",
                    "20.000 bibit bakau tertanam, daya hidup minimal 60%",
                    2025,
                    act(
                        "Persemaian bibit bakau oleh pemuda",
                        "Benih dikumpulkan dari pohon induk di Teluk Waru",
                        "DD+SW",
                    ),
                    act(
                        "Penanaman bakau bersama sekolah dan gereja",
                        "Dua kali setahun saat air surut",
                        "CSR+SW",
                    ),
                    act(
                        "Aturan desa larangan tebang bakau",
                        "Dimasukkan ke Perdes dan diumumkan di ibadah",
                        "DD",
                    ),
                    act(
                        "Pembangunan tanggul penahan ombak di pantai kampung",
                        "Diusulkan ke Balai Wilayah Sungai Maluku",
                        "APBN",
                        authority="pusat",
                    ),
                ),
            ),
        ),
    ),
)
